/**
 * `npm start` where Electron's binary is not there yet (electron 45 downloads it lazily): the
 * launcher runs electron's own installer, which asks the mirror (ELECTRON_MIRROR, here a local
 * HTTP server) for the zip; when that fails, it says why in one sentence and serves the browser
 * UI. With a binary present (ELECTRON_OVERRIDE_DIST_PATH, a stand-in executable) it launches it.
 * The electron package is a stand-in copy of the installed one's installer and manifest
 * (TRIANGULATE_ELECTRON_PACKAGE), inside node_modules so that the installer finds its libraries.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const startScript = path.join(root, 'scripts', 'start.mjs');
const realElectron = path.join(root, 'node_modules', 'electron');
const built =
  fs.existsSync(path.join(root, 'dist', 'cli.js')) && fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'));
const installer = fs.existsSync(path.join(realElectron, 'install.js'));
if (!built || !installer)
  console.log('npm start download tests skipped: dist/ is not built or electron is not installed');

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-start-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of the electron package's installer and manifest, with no binary. */
function standInElectronPackage(): string {
  const dir = path.join(root, 'node_modules', '.cache', `triangulate-test-electron-${process.pid}-${cleanups.length}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'install.js', 'checksums.json']) {
    fs.copyFileSync(path.join(realElectron, file), path.join(dir, file));
  }
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A mirror that answers 404 to everything, remembering what was asked. */
async function failingMirror(): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
}

/** Runs start.mjs until its stdout has a line that `last` accepts (or it exits); returns its lines. */
async function startLines(env: NodeJS.ProcessEnv, args: string[], last: (line: string) => boolean) {
  const child = spawn(process.execPath, [startScript, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exit;
    }
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout });
  await Promise.race([
    new Promise<void>((resolve) =>
      reader.on('line', (line) => {
        lines.push(line);
        if (last(line)) resolve();
      }),
    ),
    exit,
  ]);
  return { lines, stderr: () => stderr, exit };
}

const baseEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(ELECTRON_|npm_config_electron|electron_)/i.test(name)) delete env[name];
  }
  return env;
};

describe('npm start downloads Electron when its binary is missing', () => {
  it.skipIf(!built || !installer)(
    'asks the mirror for the zip, and when that fails says why and serves the browser UI',
    async () => {
      const dir = tempDir();
      const mirror = await failingMirror();
      const electronDir = standInElectronPackage();
      const { version } = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')) as {
        version: string;
      };
      const workspace = path.join(dir, 'start.triangulate');
      const run = await startLines(
        {
          ...baseEnv(),
          TRIANGULATE_ELECTRON_PACKAGE: electronDir,
          ELECTRON_MIRROR: mirror.url,
          electron_config_cache: path.join(dir, 'cache'),
          TRIANGULATE_HOME: dir,
        },
        ['--workspace', workspace],
        (line) => line.startsWith('http://'),
      );
      const at = run.lines.findIndex((l) => l.startsWith('Downloading Electron'));
      expect(run.lines[at]).toBe(`Downloading Electron ${version} (first start only)...`);
      expect(
        mirror.requests.some((url) => url.endsWith(`/electron-v${version}-${process.platform}-${process.arch}.zip`)),
      ).toBe(true);
      const [sentence, url] = run.lines.slice(at + 1);
      expect(sentence).toMatch(
        new RegExp(
          `^Electron ${version.replace(/\./g, '\\.')} could not be downloaded \\(.*404.*\\), so Triangulate opens in your browser instead:$`,
        ),
      );
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      expect((await fetch(url as string)).status).toBe(200);
      // The installer's own words reached the person too.
      expect(run.stderr()).toMatch(/404/);
    },
    60_000,
  );

  it.skipIf(!built || !installer)('launches a binary that is there, with the Electron build of SQLite', async () => {
    const dir = tempDir();
    const dist = path.join(dir, 'dist');
    fs.mkdirSync(dist);
    const record = path.join(dir, 'launched.json');
    // A stand-in for Electron: records how it was started, then exits with a code of its own.
    fs.writeFileSync(
      path.join(dist, 'electron'),
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), binding: process.env.TRIANGULATE_SQLITE_BINDING, runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }));\nprocess.exit(7);\n`,
      { mode: 0o755 },
    );
    const binding = path.join(dir, 'better_sqlite3.node');
    fs.writeFileSync(binding, '');
    const run = await startLines(
      {
        ...baseEnv(),
        TRIANGULATE_ELECTRON_PACKAGE: standInElectronPackage(),
        ELECTRON_OVERRIDE_DIST_PATH: dist,
        ELECTRON_RUN_AS_NODE: '1',
        TRIANGULATE_SQLITE_BINDING: binding,
      },
      ['--workspace', path.join(dir, 'w.triangulate')],
      () => true,
    );
    expect(await run.exit).toBe(7);
    expect(run.lines).toEqual([]);
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toEqual({
      args: [root, '--workspace', path.join(dir, 'w.triangulate')],
      binding,
      runAsNode: null,
    });
  });
});

describe('start.mjs download helpers', () => {
  it('reads the skip setting, the Node range and the installer’s reason as electron’s installer would', async () => {
    const start = (await import(pathToFileURL(startScript).href)) as {
      downloadSkipped(env: NodeJS.ProcessEnv): boolean;
      nodeSatisfies(range: string | null, version: string): boolean;
      failureReason(output: string): string;
    };
    expect(start.downloadSkipped({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toBe(true);
    expect(start.downloadSkipped({ npm_config_electron_skip_binary_download: 'true' })).toBe(true);
    expect(start.downloadSkipped({ ELECTRON_SKIP_BINARY_DOWNLOAD: '0' })).toBe(false);
    expect(start.downloadSkipped({})).toBe(false);
    expect(start.nodeSatisfies('>= 22.12.0', '20.20.2')).toBe(false);
    expect(start.nodeSatisfies('>= 22.12.0', '22.12.0')).toBe(true);
    expect(start.nodeSatisfies('>= 22.12.0', '24.1.0')).toBe(true);
    expect(start.nodeSatisfies(null, '20.0.0')).toBe(true);
    expect(
      start.failureReason(
        'HTTPError: Response code 404 (Not Found) for http://m/v45/electron.zip\n    at f (x.js:1:1)\nNode.js v20.20.2\n',
      ),
    ).toBe('HTTPError: Response code 404 (Not Found) for http://m/v45/electron.zip');
    expect(start.failureReason('')).toBe('the installer gave no reason');
  });
});
