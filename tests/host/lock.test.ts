/**
 * The host stays responsive while another process holds the workspace's write lock: the
 * loopback host keeps serving its files and answering reads from the workspace worker, while a
 * write waits for the lock (and goes through once it is free, or fails with `busy`, having
 * written nothing, when the lock is held past the deadline).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorkspaceStats } from '../../common/domain.js';
import type { DispatchResult } from '../../host/dispatcher.js';
import { startServer, type RunningServer } from '../../host/server.js';
import { WorkerDispatcher } from '../../host/worker-dispatcher.js';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { holdWriteLock, type LockHolder } from './hold-lock.js';

let template: TestWorkspace;
let dir: string;
let file: string;
let rendererDir: string;
let dispatcher: WorkerDispatcher | undefined;
let server: RunningServer | undefined;
let lock: LockHolder | undefined;

// A seeded workspace on disk, closed, copied for each test: the host under test opens it in its worker.
beforeAll(() => {
  template = openTestWorkspace();
  template.ws.close();
});
afterAll(() => template.dispose());

beforeEach(() => {
  dir = tempDir('triangulate-lock-');
  file = path.join(dir, 'locked.triangulate');
  fs.copyFileSync(template.file, file);
  rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Triangulate</title>');
  fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
});

afterEach(async () => {
  lock?.kill();
  lock = undefined;
  await server?.close();
  server = undefined;
  await dispatcher?.close();
  dispatcher = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

async function startHost(busyDeadlineMs: number): Promise<RunningServer> {
  dispatcher = await WorkerDispatcher.start({ path: file, busyDeadlineMs });
  server = await startServer({ dispatcher, rendererDir });
  return server;
}

/** POSTs one request to the host's API, as the page does. */
async function call(host: RunningServer, method: string, params: unknown): Promise<DispatchResult> {
  const response = await fetch(`http://127.0.0.1:${host.port}/api/call`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ method, params }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as DispatchResult;
}

function resultOf<T>(reply: DispatchResult): T {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.result as T;
}

/** Tracks whether a promise has settled, for checks of what has not been answered yet. */
function track<T>(promise: Promise<T>): { promise: Promise<T>; readonly settled: boolean } {
  let settled = false;
  const tracked = promise.finally(() => (settled = true));
  return {
    promise: tracked,
    get settled() {
      return settled;
    },
  };
}

describe('the host stays responsive while another process holds the workspace’s write lock', () => {
  it('serves files and answers reads at once; a write waits, then goes through once the lock is free', async () => {
    lock = await holdWriteLock(file);
    const host = await startHost(30_000);

    const write = track(call(host, 'labels.create', { name: 'Waited for the lock', kind: 'entity' }));

    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Triangulate</title>');
    const script = await fetch(`http://127.0.0.1:${host.port}/app.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toBe('console.log(1)');
    expect(resultOf<unknown[]>(await call(host, 'documents.list', {}))).toHaveLength(5);
    expect(resultOf<WorkspaceStats>(await call(host, 'workspace.stats', {})).documents).toBe(5);

    // All of that was answered while the other process still held the lock, and the write was not.
    expect(lock.released).toBe(false);
    expect(write.settled).toBe(false);

    await lock.release();
    const created = resultOf<{ id: string; name: string }>(await write.promise);
    expect(created.name).toBe('Waited for the lock');
    const labels = resultOf<Array<{ id: string }>>(await call(host, 'labels.list', {}));
    expect(labels.map((l) => l.id)).toContain(created.id);
  });

  it('a write held up past the deadline fails with busy and writes nothing; the next one succeeds', async () => {
    const [host, holder] = await Promise.all([startHost(300), holdWriteLock(file)]);
    lock = holder;
    const before = resultOf<WorkspaceStats>(await call(host, 'workspace.stats', {}));

    const refused = await call(host, 'labels.create', { name: 'Too late', kind: 'entity' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(lock.released).toBe(false);
    expect(resultOf<WorkspaceStats>(await call(host, 'workspace.stats', {}))).toEqual(before);

    await lock.release();
    // Nothing of the refused write shows up once the lock is free either.
    expect(resultOf<WorkspaceStats>(await call(host, 'workspace.stats', {}))).toEqual(before);
    const created = resultOf<{ name: string }>(await call(host, 'labels.create', { name: 'Too late', kind: 'entity' }));
    expect(created.name).toBe('Too late');
    const after = resultOf<WorkspaceStats>(await call(host, 'workspace.stats', {}));
    expect(after.labels).toBe(before.labels + 1);
    expect(after.historyEntries).toBe(before.historyEntries + 1);
  });
});
