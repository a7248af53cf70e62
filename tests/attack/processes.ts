/**
 * The real processes of the attack tests: the built `triangulate` command (`bin/triangulate.js`),
 * `triangulate serve` with its URL and token, an event-stream client of that host, and Node
 * children running TypeScript from tests/ (through tsx).
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { EventMessage } from '../../common/contract.js';
import type { DispatchResult } from '../../host/dispatcher.js';
import { REPO_ROOT } from '../helpers.js';

export const BIN = path.join(REPO_ROOT, 'bin/triangulate.js');

/** The newest modification time of the files under `dir` (recursively), in ms. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    latest = Math.max(latest, fs.statSync(path.join(dir, entry)).mtimeMs);
  }
  return latest;
}

/**
 * Builds dist/ when it is missing or older than the sources of the command line (`npm test`
 * builds before the tests, so this normally does nothing).
 */
export function ensureBuilt(): void {
  const entry = path.join(REPO_ROOT, 'dist/cli.js');
  const sources = Math.max(...['cli', 'host', 'db', 'common'].map((dir) => newest(path.join(REPO_ROOT, dir))));
  if (fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= sources) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** When the first output arrived on stdout, else when the process ended (Date.now()). */
  at: number;
}

/** Runs the built `triangulate` with `args` to its end, or until SIGKILL after `killAfterMs`. */
export function runCli(args: readonly string[], killAfterMs?: number): Promise<Finished> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return finished(child);
}

/** Collects a child's output until it ends. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  let at: number | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    at ??= Date.now();
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, at: at ?? Date.now() }));
  });
}

/** Starts `node --import tsx FILE ARGS...` from the repository root. */
export function spawnTs(file: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, file), ...args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Lines of a stack trace (`    at fn (file:line:col)`) in some output. */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at\s/.test(line));
}

export interface Serve {
  child: ChildProcessWithoutNullStreams;
  port: number;
  token: string;
  /** What the process has written on stderr so far. */
  readonly stderr: string;
  /** POSTs one request to /api/call. */
  call(method: string, params: unknown): Promise<DispatchResult>;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `triangulate serve` on `workspace`; resolves once it has printed its URL. */
export function startServe(workspace: string, timeoutMs = 30_000): Promise<Serve> {
  const child = spawn(process.execPath, [BIN, '--workspace', workspace, 'serve', '--port', '0'], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`triangulate serve printed no URL within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`triangulate serve ended (${code ?? signal}) before printing its URL: ${stderr}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const url = new URL(stdout.slice(0, newline).trim());
      const port = Number(url.port);
      const token = url.searchParams.get('token') ?? '';
      resolve({
        child,
        port,
        token,
        get stderr() {
          return stderr;
        },
        async call(method, params) {
          const response = await fetch(`http://127.0.0.1:${port}/api/call`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ method, params }),
          });
          return (await response.json()) as DispatchResult;
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return { ...(await exited), stderr };
        },
      });
    });
  });
}

export interface EventStream {
  /** Every event received, with the time it arrived (Date.now()). */
  readonly received: Array<{ message: EventMessage; at: number }>;
  close(): void;
}

/** Connects to the host's event stream; resolves once the host has accepted it. */
export function openEvents(port: number, token: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const received: EventStream['received'] = [];
    const req = http.get({ host: '127.0.0.1', port, path: `/api/events?token=${encodeURIComponent(token)}` }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`the event stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = Date.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (data) received.push({ message: JSON.parse(data) as EventMessage, at });
        }
      });
      resolve({ received, close: () => req.destroy() });
    });
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
  });
}

/** Every stored annotation id and the result of `PRAGMA integrity_check`, read on a connection of its own. */
export async function inspect(file: string): Promise<{ ids: Set<string>; integrity: string }> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT id FROM annotation').all() as Array<{ id: string }>;
    return {
      ids: new Set(rows.map((row) => row.id)),
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}
