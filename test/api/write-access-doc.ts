// `npm run docs:access`: prints docs/access.md from the route × role table the access test runs.
import fs from 'node:fs';
import path from 'node:path';
import { accessMatrixMarkdown } from './route-access-table';

const doc = path.join(__dirname, '..', '..', 'docs', 'access.md');
fs.writeFileSync(doc, accessMatrixMarkdown());
process.stdout.write(`wrote ${path.relative(process.cwd(), doc)}\n`);
