#!/usr/bin/env node
// The `triangulate` command. The TypeScript sources are bundled into dist/ by `npm run build`
// (run automatically by `npm install`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
if (!existsSync(entry)) {
  process.stderr.write('triangulate: not built yet. Run "npm run build" in the Triangulate folder first.\n');
  process.exit(2);
}
await import(entry);
