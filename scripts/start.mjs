#!/usr/bin/env node
// `npm start` (run after the build): opens Triangulate as a desktop app, or in the browser where
// there is no Electron binary. Arguments pass through: `npm start -- --workspace FILE`.
//
// 1. Find the Electron binary. Not with require('electron'): when its binary is missing, the
//    electron package's index.js starts downloading it, which fails, slowly, offline. Instead read
//    node_modules/electron/path.txt (written by its installer once the download succeeded) and
//    check that dist/<that path> exists; ELECTRON_OVERRIDE_DIST_PATH stands in for dist/ as it
//    does for Electron itself.
// 2. No binary: electron 45 downloads it lazily, so download it now with electron's own installer
//    (node_modules/electron/install.js: @electron/get, which honours ELECTRON_MIRROR,
//    ELECTRON_CUSTOM_DIR, electron_config_cache and the other standard settings, and draws its
//    progress bar on a terminal). On a Node older than electron's engines field, warn and try
//    anyway (the installer works on Node 20). Only when ELECTRON_SKIP_BINARY_DOWNLOAD is set, or
//    the download fails (offline, mirror unreachable), say why in one sentence and run
//    `node bin/triangulate.js serve`, which prints the URL to open first. --workspace and --port
//    pass through.
// 3. A binary: better-sqlite3's build in node_modules is for Node's ABI and cannot load in
//    Electron, so Electron gets a second build of it, kept in
//      node_modules/.cache/triangulate/better-sqlite3-<v>-electron-<v>-<platform>-<arch>/better_sqlite3.node
//    The first start makes it: copy node_modules/better-sqlite3 without its build/ folder to a
//    scratch folder; there run prebuild-install for the Electron runtime (a prebuilt download)
//    or, failing that, node-gyp against Electron's headers; keep the .node file, delete the
//    scratch folder. node_modules/better-sqlite3/build is never touched, so the CLI and the
//    Node tests keep their build. If both fail, fall back to the browser as in 2. A
//    TRIANGULATE_SQLITE_BINDING already set to an existing file is used as it is.
// 4. Launch `electron <repo>` with the arguments given and TRIANGULATE_SQLITE_BINDING=<that file>
//    (main.ts hands it to Workspace.open), without ELECTRON_RUN_AS_NODE; exit with Electron's
//    exit code.
//
// The functions are exported for tests/electron; the script runs only when executed directly.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The executable inside the Electron distribution, as the electron package names it. */
const PLATFORM_EXECUTABLE = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/**
 * The installed electron package's folder, version and Node engines range, or null when it is not
 * installed. TRIANGULATE_ELECTRON_PACKAGE names another folder (the tests' stand-in package).
 */
export function electronPackage(env = process.env) {
  try {
    const manifest = env.TRIANGULATE_ELECTRON_PACKAGE
      ? path.join(env.TRIANGULATE_ELECTRON_PACKAGE, 'package.json')
      : require.resolve('electron/package.json');
    const json = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    return { dir: path.dirname(manifest), version: json.version, engines: json.engines?.node ?? null };
  } catch {
    return null;
  }
}

/** Whether the person asked not to download Electron (as electron's own installer reads it). */
export function downloadSkipped(env = process.env) {
  const value = env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? env.npm_config_electron_skip_binary_download;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Whether `version` (e.g. "20.20.2") satisfies a ">= x.y.z" range; true for any other form. */
export function nodeSatisfies(range, version = process.versions.node) {
  const wanted = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec((range ?? '').trim());
  if (!wanted) return true;
  const have = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const a = have[i] ?? 0;
    const b = Number(wanted[i + 1]);
    if (a !== b) return a > b;
  }
  return true;
}

/** The first line of an installer's error output that says what went wrong, shortened. */
export function failureReason(output) {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at ') && !/^node:|^\^|^Node\.js v/.test(line));
  const line =
    lines.find((l) => /error|fail|refused|not found|timed? ?out|ENOTFOUND|EAI_AGAIN|ECONN/i.test(l)) ?? lines[0];
  if (!line) return 'the installer gave no reason';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Downloads the Electron binary with electron's own installer. Resolves to null on success, else
 * to the reason. On a terminal the installer draws its progress bar; elsewhere its output is
 * passed on as it comes and kept for the reason.
 */
export function downloadElectron({ electronDir, env = process.env, stderr = process.stderr }) {
  return new Promise((resolve) => {
    const interactive = Boolean(stderr.isTTY);
    const childEnv = { ...env };
    delete childEnv.ELECTRON_RUN_AS_NODE;
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
      cwd: electronDir,
      env: childEnv,
      stdio: ['ignore', 'inherit', interactive ? 'inherit' : 'pipe'],
    });
    let output = '';
    child.stderr?.on('data', (chunk) => {
      output += chunk;
      stderr.write(chunk);
    });
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(null);
      else if (interactive) resolve(signal ? `the installer stopped (${signal})` : 'the installer’s error is above');
      else resolve(failureReason(output));
    });
  });
}

/**
 * The path of the Electron executable if it is really there, else null. Never downloads.
 * @param {{ electronDir?: string | null, env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform }} [options]
 */
export function findElectronBinary(options = {}) {
  const electronDir = options.electronDir === undefined ? (electronPackage()?.dir ?? null) : options.electronDir;
  const env = options.env ?? process.env;
  if (!electronDir) return null;
  let executable = null;
  try {
    executable = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
  } catch {
    if (!env.ELECTRON_OVERRIDE_DIST_PATH) return null;
  }
  executable ||= PLATFORM_EXECUTABLE[options.platform ?? process.platform] ?? 'electron';
  const file = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, executable)
    : path.join(electronDir, 'dist', executable);
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** The arguments `triangulate serve` understands, picked out of ours (--workspace, --port). */
export function serveArguments(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--workspace' || arg === '--port') {
      if (argv[i + 1] !== undefined) out.push(arg, argv[++i]);
    } else if (arg.startsWith('--workspace=') || arg.startsWith('--port=')) {
      out.push(arg);
    }
  }
  return out;
}

/** Where the Electron build of better-sqlite3 is kept. */
export function electronBindingPath({
  electronVersion,
  sqliteVersion,
  platform = process.platform,
  arch = process.arch,
}) {
  const key = `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${platform}-${arch}`;
  return path.join(root, 'node_modules', '.cache', 'triangulate', key, 'better_sqlite3.node');
}

/**
 * The environment for building the binding: npm's settings that would retarget node-gyp or
 * prebuild-install (nodedir, target, runtime, arch, ...) are dropped; proxies are kept.
 */
export function buildEnvironment(env = process.env) {
  const keep = /^npm_config_(https?_proxy|proxy|noproxy|cafile|strict_ssl|local_address)$/i;
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name) || keep.test(name)));
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: buildEnvironment() });
  return result.status === 0;
}

function nodeGypScript() {
  const candidates = [process.env.npm_config_node_gyp];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed beside us; npm's own copy (npm_config_node_gyp) may still be there
  }
  return candidates.find((file) => file && fs.existsSync(file)) ?? null;
}

/**
 * Returns the path of a better-sqlite3 binding built for `electronVersion`, building it on first
 * use (see the comment at the top). Throws with a sentence when it cannot.
 */
export function ensureElectronBinding({ electronVersion, log = console.log, env = process.env }) {
  if (env.TRIANGULATE_SQLITE_BINDING && fs.existsSync(env.TRIANGULATE_SQLITE_BINDING)) {
    return env.TRIANGULATE_SQLITE_BINDING;
  }
  const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  const sqliteVersion = JSON.parse(fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version;
  const target = electronBindingPath({ electronVersion, sqliteVersion });
  if (fs.existsSync(target)) return target;

  log(`Building the SQLite module for Electron ${electronVersion} (first start only, about a minute)...`);
  const scratch = path.join(path.dirname(path.dirname(target)), `build-${process.pid}`);
  fs.rmSync(scratch, { recursive: true, force: true });
  try {
    fs.cpSync(sqliteDir, scratch, {
      recursive: true,
      filter: (source) => path.relative(sqliteDir, source).split(path.sep)[0] !== 'build',
    });
    const platformArgs = ['--arch', process.arch, '--platform', process.platform];
    const prebuilt = require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] });
    let built = run(
      process.execPath,
      [prebuilt, '--runtime', 'electron', '--target', electronVersion, ...platformArgs],
      scratch,
    );
    if (!built) {
      const nodeGyp = nodeGypScript();
      if (!nodeGyp) throw new Error('node-gyp is not available to build it from source');
      built = run(
        process.execPath,
        [
          nodeGyp,
          'rebuild',
          '--release',
          `--target=${electronVersion}`,
          `--arch=${process.arch}`,
          '--dist-url=https://electronjs.org/headers',
          `--devdir=${path.join(path.dirname(path.dirname(target)), 'electron-gyp')}`,
        ],
        scratch,
      );
    }
    const output = path.join(scratch, 'build', 'Release', 'better_sqlite3.node');
    if (!built || !fs.existsSync(output)) throw new Error('neither a prebuilt download nor a build from source worked');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(output, target);
    return target;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Runs a child with our stdio and exits with its code. Ctrl+C reaches the child from the terminal
 * directly (same process group), so we only wait for it to finish; SIGTERM is passed on.
 */
function handOver(command, args, env = process.env) {
  const child = spawn(command, args, { stdio: 'inherit', env });
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    console.error(`Triangulate could not start ${path.basename(command)}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
}

function serveInBrowser(argv) {
  handOver(process.execPath, [path.join(root, 'bin', 'triangulate.js'), 'serve', ...serveArguments(argv)]);
}

const BROWSER_INSTEAD = 'so Triangulate opens in your browser instead:';

export async function main(argv = process.argv.slice(2), env = process.env) {
  const electron = electronPackage(env);
  if (!electron) {
    console.log(`The electron package is not installed here, ${BROWSER_INSTEAD}`);
    serveInBrowser(argv);
    return;
  }
  let binary = findElectronBinary({ electronDir: electron.dir, env });
  if (!binary) {
    if (downloadSkipped(env)) {
      console.log(`Electron is not installed here and ELECTRON_SKIP_BINARY_DOWNLOAD is set, ${BROWSER_INSTEAD}`);
      serveInBrowser(argv);
      return;
    }
    if (!nodeSatisfies(electron.engines)) {
      console.log(
        `Electron ${electron.version} asks for Node ${electron.engines.replace(/^>=\s*/, '')} or newer and this is Node ${process.versions.node}; trying anyway.`,
      );
    }
    console.log(`Downloading Electron ${electron.version} (first start only)...`);
    const failure = await downloadElectron({ electronDir: electron.dir, env });
    binary = failure ? null : findElectronBinary({ electronDir: electron.dir, env });
    if (!binary) {
      const reason = failure ?? 'the installer finished but left no binary';
      console.log(`Electron ${electron.version} could not be downloaded (${reason}), ${BROWSER_INSTEAD}`);
      serveInBrowser(argv);
      return;
    }
  }
  let binding;
  try {
    binding = ensureElectronBinding({ electronVersion: electron.version, env });
  } catch (error) {
    console.log(`The SQLite module could not be built for Electron (${error.message}), ${BROWSER_INSTEAD}`);
    serveInBrowser(argv);
    return;
  }
  const childEnv = { ...env, TRIANGULATE_SQLITE_BINDING: binding };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  handOver(binary, [root, ...argv], childEnv);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
