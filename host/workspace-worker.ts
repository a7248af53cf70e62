/**
 * The workspace worker: the thread where SQLite runs, so that the thread serving the UI (the
 * Electron main process, the loopback HTTP host) never waits on the database. It opens the
 * workspace, answers `call` messages through the one dispatcher (reads at once, writes in
 * order, with busy retries: ./write-lane.ts) and forwards every workspace event.
 *
 * Started by ./worker-dispatcher.ts with `WorkerOptions` as its `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ApiErrorPayload } from '../common/errors.js';
import { ChangeWatcher } from './change-watcher.js';
import { createDispatcher, toPayload } from './dispatcher.js';
import { openWorkspace } from './open-workspace.js';
import type { FromWorker, ToWorker, WorkerOptions } from './worker-protocol.js';
import { WriteLane } from './write-lane.js';

/** How long one try of a write waits for the lock inside SQLite before the lane pauses and retries. */
const BUSY_SLICE_MS = 50;

const CLOSED: ApiErrorPayload = { code: 'interrupted', message: 'The workspace was closed.' };

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

/**
 * Why the workspace could not be opened. A full disk says so in words that fit an opening (even
 * reading needs a little room beside the file, for SQLite's shared-memory index) rather than the
 * words of a write that was not saved.
 */
function openingFailure(error: unknown, file: string): ApiErrorPayload {
  const payload = toPayload(error, file);
  if (payload.code !== 'disk_full') return payload;
  return {
    code: 'disk_full',
    message:
      'The disk holding the workspace is full, so it could not be opened (even reading it needs a little room beside the file). Nothing was changed; free some space on that disk and try again.',
  };
}

function main(options: WorkerOptions): void {
  let workspace;
  try {
    workspace = openWorkspace(options);
  } catch (error) {
    post({ type: 'failed', error: openingFailure(error, options.path) });
    return;
  }
  workspace.setBusyTimeout(BUSY_SLICE_MS);
  const dispatcher = createDispatcher(workspace);
  // Other connections' commits (the command line, another window, a task worker) reach the
  // views through the change feed; this connection's own are announced as they commit.
  const watcher =
    options.watch === false
      ? null
      : new ChangeWatcher(workspace, (data) => post({ type: 'event', message: { event: 'changed', data } }));
  const unsubscribe = dispatcher.subscribe((message) => {
    if (message.event === 'changed') watcher?.noteOwn(message.data.historyId);
    post({ type: 'event', message });
  });
  watcher?.start(options.watchIntervalMs);
  let closed = false;
  // Once the workspace is closed, a write still waiting in the lane for another program's lock
  // must not try again on the closed connection (an `internal` error); it ends as interrupted
  // (the host answers it so when this thread exits).
  const lane = new WriteLane(
    (method, params) => (closed ? Promise.resolve({ ok: false, error: CLOSED }) : dispatcher.dispatch(method, params)),
    { ...(options.busyDeadlineMs !== undefined ? { deadlineMs: options.busyDeadlineMs } : {}) },
  );
  const opened = workspace;
  parentPort?.on('message', (message: ToWorker) => {
    if (message.type === 'crash') process.exit(1);
    if (message.type === 'close') {
      closed = true;
      watcher?.stop();
      unsubscribe();
      try {
        opened.close();
      } catch (error) {
        console.error('triangulate: closing the workspace failed:', error);
      }
      post({ type: 'closed' });
      parentPort?.close();
      return;
    }
    void lane.submit(message.method, message.params).then((reply) => post({ type: 'reply', id: message.id, reply }));
  });
  post({ type: 'ready', path: opened.path });
}

main(workerData as WorkerOptions);
