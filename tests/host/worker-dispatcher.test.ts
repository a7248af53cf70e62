/**
 * The worker boundary: `WorkerDispatcher` sends every request to a worker thread that owns the
 * SQLite connection, and brings back its replies and events. A request the worker was handling
 * when it died is answered with `interrupted`, and the next request starts a new worker on the
 * same file. Long tasks run in workers of their own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../../common/contract.js';
import type { Label } from '../../common/domain.js';
import type { DispatchResult } from '../../host/dispatcher.js';
import { createDispatcher } from '../../host/dispatcher.js';
import { openWorkspace } from '../../host/open-workspace.js';
import { createSession, WorkerDispatcher } from '../../host/worker-dispatcher.js';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { holdWriteLock, type LockHolder } from './hold-lock.js';

let template: TestWorkspace;
let dir: string;
let file: string;
let dispatcher: WorkerDispatcher | undefined;
let lock: LockHolder | undefined;

// One seeded workspace, copied for each test (seeding is not what these tests are about).
beforeAll(() => {
  template = openTestWorkspace();
  template.ws.close();
});
afterAll(() => template.dispose());

beforeEach(() => {
  dir = tempDir('triangulate-worker-');
  file = path.join(dir, 'w.triangulate');
  fs.copyFileSync(template.file, file);
});

afterEach(async () => {
  lock?.kill();
  lock = undefined;
  await dispatcher?.close();
  dispatcher = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The result of a reply that must have succeeded. */
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

/** How many handles keep this process alive for worker threads (a worker's port counts as one). */
const workerHandles = () =>
  process.getActiveResourcesInfo().filter((kind) => kind === 'MessagePort' || kind === 'Worker').length;

describe('the worker dispatcher', () => {
  it('answers requests and forwards the worker’s change events; an in-process reader agrees', async () => {
    dispatcher = await WorkerDispatcher.start({ path: file });
    expect(dispatcher.path).toBe(path.resolve(file));
    const events: EventMessage[] = [];
    dispatcher.subscribe((message) => events.push(message));

    expect(resultOf<unknown[]>(await dispatcher.dispatch('documents.list', {}))).toHaveLength(5);
    const label = resultOf<Label>(await dispatcher.dispatch('labels.create', { name: 'Witness', kind: 'entity' }));
    // The event left the worker before the reply did, so it has arrived by now.
    expect(events).toMatchObject([{ event: 'changed', data: { method: 'labels.create' } }]);
    const labels = resultOf<Label[]>(await dispatcher.dispatch('labels.list', {}));
    expect(labels.map((l) => l.id)).toContain(label.id);

    // Another connection in this thread sees the same, committed workspace.
    const local = openTestWorkspace({ file, seed: false });
    try {
      expect(await local.call('labels.list', {})).toEqual(labels);
      expect((await local.call('workspace.stats', {})).documents).toBe(5);
    } finally {
      local.ws.close();
    }

    // Errors cross the boundary with their code.
    expect(await dispatcher.dispatch('documents.get', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await dispatcher.dispatch('no.such.method', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
  });

  it('answers the request in flight when the worker dies with interrupted, and the next request works', async () => {
    dispatcher = await WorkerDispatcher.start({ path: file, busyDeadlineMs: 30_000 });
    const before = resultOf<Label>(await dispatcher.dispatch('labels.create', { name: 'Committed', kind: 'entity' }));

    // Another process holds the write lock, so this write stays in the worker, waiting.
    lock = await holdWriteLock(file);
    const write = track(dispatcher.dispatch('labels.create', { name: 'Lost', kind: 'entity' }));
    expect(resultOf<unknown[]>(await dispatcher.dispatch('documents.list', {}))).toHaveLength(5);
    expect(write.settled).toBe(false);

    await dispatcher.terminateWorker();
    expect(await write.promise).toMatchObject({ ok: false, error: { code: 'interrupted' } });
    expect(lock.released).toBe(false);

    // The next request starts a new worker on the same file, with what was committed before.
    const labels = resultOf<Label[]>(await dispatcher.dispatch('labels.list', {}));
    expect(labels.map((l) => l.name)).toContain(before.name);
    expect(labels.map((l) => l.name)).not.toContain('Lost');

    await lock.release();
    resultOf(await dispatcher.dispatch('labels.create', { name: 'After the restart', kind: 'entity' }));
    const after = resultOf<Label[]>(await dispatcher.dispatch('labels.list', {}));
    expect(after.map((l) => l.name)).toEqual(expect.arrayContaining(['Committed', 'After the restart']));
    expect(after.map((l) => l.name)).not.toContain('Lost');
  });

  it('refuses a file that is not a workspace, and leaves it untouched', async () => {
    const notOurs = path.join(dir, 'notes.txt');
    fs.writeFileSync(notOurs, 'Just some notes, not a database at all.');
    const threadsBefore = workerHandles();
    await expect(WorkerDispatcher.start({ path: notOurs })).rejects.toMatchObject({ code: 'incompatible_workspace' });
    expect(fs.readFileSync(notOurs, 'utf8')).toBe('Just some notes, not a database at all.');
    // No journal or log was made beside it either.
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('notes.txt'))).toEqual(['notes.txt']);
    // The worker that tried has ended.
    expect(workerHandles()).toBe(threadsBefore);
  });

  it('closes the workspace and ends the worker on close()', async () => {
    const threadsBefore = workerHandles();
    dispatcher = await WorkerDispatcher.start({ path: file });
    resultOf(await dispatcher.dispatch('labels.create', { name: 'Kept', kind: 'entity' }));
    expect(workerHandles()).toBeGreaterThan(threadsBefore);
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    await dispatcher.close();
    // Nothing of the worker is left to keep this process alive.
    expect(workerHandles()).toBe(threadsBefore);
    // The worker's connection was the last one: closing it checkpointed the log away.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(await dispatcher.dispatch('documents.list', {})).toMatchObject({
      ok: false,
      error: { code: 'interrupted' },
    });
    const local = openTestWorkspace({ file, seed: false });
    try {
      expect((await local.call('labels.list', {})).map((l) => l.name)).toContain('Kept');
    } finally {
      local.ws.close();
    }
  });

  it('closes cleanly while another program holds the lock and a write waits for it', async () => {
    const errors = vi.spyOn(console, 'error');
    const threadsBefore = workerHandles();
    [dispatcher, lock] = await Promise.all([
      WorkerDispatcher.start({ path: file, busyDeadlineMs: 30_000 }),
      holdWriteLock(file),
    ]);
    const write = track(dispatcher.dispatch('labels.create', { name: 'Never written', kind: 'entity' }));
    expect(resultOf<unknown[]>(await dispatcher.dispatch('documents.list', {}))).toHaveLength(5);
    expect(write.settled).toBe(false);

    await dispatcher.close();
    expect(await write.promise).toMatchObject({ ok: false, error: { code: 'interrupted' } });
    expect(lock.released).toBe(false);
    expect(workerHandles()).toBe(threadsBefore);
    // The worker closed its connection instead of failing on the lock (closing runs PRAGMA optimize).
    expect(errors.mock.calls.map((args) => String(args[0]))).not.toContainEqual(expect.stringContaining('failed'));
    errors.mockRestore();

    await lock.release();
    const local = openTestWorkspace({ file, seed: false });
    try {
      expect((await local.call('labels.list', {})).map((l) => l.name)).not.toContain('Never written');
    } finally {
      local.ws.close();
    }
  });

  it('runs an import in a worker of its own, whose events reach subscribers; cancelling no running task says so', async () => {
    dispatcher = await WorkerDispatcher.start({ path: file });
    const events: EventMessage[] = [];
    dispatcher.subscribe((message) => events.push(message));
    const threadsBefore = workerHandles();
    const importing = dispatcher.dispatch('documents.import', {
      sources: [{ name: 'report.txt', content: 'Officials said the bridge reopened on Monday.\n' }],
      taskId: 'import-1',
    });
    // One more thread runs while the import does, and none once it is over.
    expect(workerHandles()).toBe(threadsBefore + 1);
    const reply = await importing;
    expect(workerHandles()).toBe(threadsBefore);
    const result = resultOf<{ imported: Array<{ id: string; title: string }>; skipped: unknown[] }>(reply);
    expect(result.imported).toHaveLength(1);
    expect(result.skipped).toEqual([]);
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'changed', data: expect.objectContaining({ method: 'documents.import' }) }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'progress', data: expect.objectContaining({ taskId: 'import-1' }) }),
    );
    // The main worker sees the document the task's connection committed.
    const documents = resultOf<Array<{ id: string }>>(await dispatcher.dispatch('documents.list', {}));
    expect(documents.map((d) => d.id)).toContain(result.imported[0]!.id);

    // Asked to cancel a task that is not running, the workers say so.
    expect(await dispatcher.dispatch('tasks.cancel', { taskId: 'import-1' })).toEqual({
      ok: true,
      result: { cancelled: false },
    });
    expect(await dispatcher.dispatch('tasks.cancel', { taskId: 'no-such-task' })).toEqual({
      ok: true,
      result: { cancelled: false },
    });
    expect(await dispatcher.dispatch('tasks.cancel', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_params' },
    });
  });
});

describe('sessions', () => {
  it("writes for one session from its main and task workers; a plain undo leaves another program's change", async () => {
    const session = createSession('browser');
    dispatcher = await WorkerDispatcher.start({ path: file, session });
    // A document import runs in a task worker of its own.
    const imported = await dispatcher.dispatch('documents.import', {
      sources: [{ name: 'note.txt', content: 'Daesh claimed the attack near Latakia.' }],
    });
    expect(imported.ok).toBe(true);
    // Then a command-line invocation on the same file: another session.
    const cli = openWorkspace({ path: file, session: createSession('cli') });
    expect((await createDispatcher(cli).dispatch('labels.create', { name: 'Militia', kind: 'entity' })).ok).toBe(true);
    cli.close();

    const list = await dispatcher.dispatch('history.list', { limit: 2 });
    if (!list.ok) throw new Error(list.error.message);
    const [label, load] = list.result as Array<{ method: string; own: boolean; session: Record<string, unknown> }>;
    expect(load).toMatchObject({ method: 'documents.import', own: true, session: { id: session.id, current: true } });
    expect(label).toMatchObject({ method: 'labels.create', own: false, session: { kind: 'cli', current: false } });

    // The host's undo takes back its own import, not the newer label of the command line ...
    const undone = await dispatcher.dispatch('history.undo', {});
    expect(undone).toMatchObject({ ok: true, result: { entry: { method: 'documents.import' } } });
    // ... and then refuses, naming it.
    const refused = await dispatcher.dispatch('history.undo', {});
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', details: { reason: 'not_own', session: { label: 'command line' } } },
    });
    const labels = await dispatcher.dispatch('labels.list', {});
    expect((labels as { result: Label[] }).result.map((l) => l.name)).toContain('Militia');
  });
});
