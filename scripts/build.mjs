// Builds everything that runs outside the TypeScript toolchain into dist/:
//   dist/cli.js              the `triangulate` command (Node, ESM)
//   dist/host/workspace-worker.js  the thread where SQLite runs (started by the CLI and the shell)
//   dist/electron/main.js    Electron main process (ESM)
//   dist/electron/preload.cjs  Electron preload (CommonJS: sandboxed preloads cannot be ESM)
//   dist/renderer/           the React + ProseMirror UI (browser bundle + index.html)
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
const exists = (p) => fs.existsSync(path.join(root, p));
const common = { bundle: true, sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root, target: 'es2022' };

const jobs = [];
if (exists('cli/bin.ts')) {
  jobs.push(
    build({
      ...common,
      entryPoints: ['cli/bin.ts'],
      outfile: path.join(out, 'cli.js'),
      platform: 'node',
      format: 'esm',
      packages: 'external',
    }),
  );
}
if (exists('host/workspace-worker.ts')) {
  jobs.push(
    build({
      ...common,
      entryPoints: ['host/workspace-worker.ts'],
      outfile: path.join(out, 'host/workspace-worker.js'),
      platform: 'node',
      format: 'esm',
      packages: 'external',
    }),
  );
}
if (exists('electron/main.ts')) {
  jobs.push(
    build({
      ...common,
      entryPoints: ['electron/main.ts'],
      outfile: path.join(out, 'electron/main.js'),
      platform: 'node',
      format: 'esm',
      packages: 'external',
    }),
  );
}
if (exists('electron/preload.ts')) {
  jobs.push(
    build({
      ...common,
      entryPoints: ['electron/preload.ts'],
      outfile: path.join(out, 'electron/preload.cjs'),
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
    }),
  );
}
if (exists('renderer/main.tsx')) {
  jobs.push(
    build({
      ...common,
      entryPoints: { app: 'renderer/main.tsx' },
      outdir: path.join(out, 'renderer'),
      platform: 'browser',
      format: 'esm',
      jsx: 'automatic',
      minify: true,
      loader: { '.css': 'css', '.woff2': 'file', '.svg': 'file' },
      define: { 'process.env.NODE_ENV': '"production"' },
    }).then(() => fs.copyFileSync(path.join(root, 'renderer/index.html'), path.join(out, 'renderer/index.html'))),
  );
}
await Promise.all(jobs);
