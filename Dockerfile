# One image for the worker and the API; the compose command picks the role (npm run worker | api).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
USER node
CMD ["npm", "run", "worker"]
