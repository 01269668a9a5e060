# One image for the worker and (later) the API; the command picks the role.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=optional
COPY . .
USER node
CMD ["npm", "run", "worker"]
