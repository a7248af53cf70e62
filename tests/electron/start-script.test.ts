import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

/** What tests use of scripts/start.mjs (plain JavaScript, imported at run time). */
interface StartScript {
  findElectronBinary(options?: {
    electronDir?: string | null;
    env?: NodeJS.ProcessEnv;
    platform?: NodeJS.Platform;
  }): string | null;
  serveArguments(argv: string[]): string[];
  buildEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  electronBindingPath(options: {
    electronVersion: string;
    sqliteVersion: string;
    platform?: string;
    arch?: string;
  }): string;
}

const root = path.resolve(import.meta.dirname, '..', '..');
const startScript = path.join(root, 'scripts', 'start.mjs');
let start: StartScript;
let dir: string;

beforeAll(async () => {
  start = (await import(pathToFileURL(startScript).href)) as StartScript;
});

afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function fakeElectronPackage(options: { pathTxt?: string; binary?: string } = {}): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-start-'));
  if (options.pathTxt !== undefined) fs.writeFileSync(path.join(dir, 'path.txt'), options.pathTxt);
  if (options.binary) {
    fs.mkdirSync(path.dirname(path.join(dir, 'dist', options.binary)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', options.binary), '');
  }
  return dir;
}

describe('finding the Electron binary without downloading it', () => {
  it('finds none when the download was skipped (no path.txt)', () => {
    expect(start.findElectronBinary({ electronDir: fakeElectronPackage(), env: {} })).toBeNull();
    expect(start.findElectronBinary({ electronDir: null, env: {} })).toBeNull();
  });

  it('finds none when path.txt names a file that is not there', () => {
    expect(start.findElectronBinary({ electronDir: fakeElectronPackage({ pathTxt: 'electron' }), env: {} })).toBeNull();
  });

  it('finds the binary the installer recorded', () => {
    const electronDir = fakeElectronPackage({ pathTxt: 'electron', binary: 'electron' });
    expect(start.findElectronBinary({ electronDir, env: {} })).toBe(path.join(electronDir, 'dist', 'electron'));
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, as Electron does', () => {
    const electronDir = fakeElectronPackage({ binary: 'Electron.app/Contents/MacOS/Electron' });
    const env = { ELECTRON_OVERRIDE_DIST_PATH: path.join(electronDir, 'dist') };
    expect(start.findElectronBinary({ electronDir, env, platform: 'darwin' })).toBe(
      path.join(electronDir, 'dist', 'Electron.app/Contents/MacOS/Electron'),
    );
    expect(start.findElectronBinary({ electronDir, env, platform: 'linux' })).toBeNull();
  });
});

describe('start.mjs helpers', () => {
  it('passes --workspace and --port on to the browser host, nothing else', () => {
    expect(start.serveArguments(['--workspace', '/w/a.triangulate', '--inspect', '--port=4000'])).toEqual([
      '--workspace',
      '/w/a.triangulate',
      '--port=4000',
    ]);
    expect(start.serveArguments(['--workspace=/w/b.triangulate', '--port'])).toEqual(['--workspace=/w/b.triangulate']);
  });

  it("drops npm's settings that would build the binding for Node instead of Electron", () => {
    const env = start.buildEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/ana',
      npm_config_nodedir: '/usr/include/node',
      npm_config_target: '20.19.0',
      npm_config_runtime: 'node',
      npm_package_name: 'triangulate',
      npm_config_https_proxy: 'http://proxy:3128',
    });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/ana', npm_config_https_proxy: 'http://proxy:3128' });
  });

  it('keeps the Electron binding apart from the Node one', () => {
    const file = start.electronBindingPath({
      electronVersion: '45.4.1',
      sqliteVersion: '12.6.2',
      platform: 'linux',
      arch: 'x64',
    });
    expect(file).toBe(
      path.join(
        root,
        'node_modules',
        '.cache',
        'triangulate',
        'better-sqlite3-12.6.2-electron-45.4.1-linux-x64',
        'better_sqlite3.node',
      ),
    );
    expect(path.relative(path.join(root, 'node_modules', 'better-sqlite3'), file).startsWith('..')).toBe(true);
  });
});

const built =
  fs.existsSync(path.join(root, 'dist', 'cli.js')) && fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'));
if (!built) console.log('npm start fallback test skipped: dist/ is not built (run npm run build)');

describe('npm start without Electron, its download skipped', () => {
  it.skipIf(!built)('says so in one sentence and serves the workbench in the browser instead', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-start-'));
    const workspace = path.join(dir, 'start.triangulate');
    const child = spawn(process.execPath, [startScript, '--workspace', workspace], {
      // An override pointing nowhere: "no Electron binary" even where one is installed.
      env: {
        ...process.env,
        ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'nowhere'),
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
        TRIANGULATE_HOME: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const lines: string[] = [];
    const lineReader = createInterface({ input: child.stdout });
    const firstTwo = new Promise<void>((resolve) =>
      lineReader.on('line', (line) => {
        lines.push(line);
        if (lines.length === 2) resolve();
      }),
    );
    await Promise.race([
      firstTwo,
      exit.then((code) => {
        if (lines.length < 2) throw new Error(`start.mjs exited early with code ${code}`);
      }),
    ]);
    expect(lines[0]).toBe(
      'Electron is not installed here and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so Triangulate opens in your browser instead:',
    );
    expect(lines[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    const response = await fetch(lines[1] as string);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");

    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(fs.existsSync(workspace)).toBe(true);
  });
});
