/**
 * The host side of the workspace worker: a `Dispatcher` whose requests travel as messages to a
 * `worker_threads` worker that owns the SQLite connection (./workspace-worker.ts). The host's
 * own thread only routes messages, so static files, events and other requests keep flowing
 * while the database works or waits for a lock.
 *
 * Long tasks (document and dataset imports, dataset exports) of a workspace file run in a
 * worker of their own, on their own connection, so the main worker keeps answering meanwhile.
 *
 * When a worker dies, every request it was handling is answered with `interrupted`, and the
 * next request starts a new worker on the same file.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventMessage, MethodName } from '../common/contract.js';
import { ApiError, type ApiErrorPayload } from '../common/errors.js';
import { createSession } from '../db/workspace.js';
import { checkParamsDepth, type Dispatcher, type DispatchResult } from './dispatcher.js';
import type { FromWorker, ToWorker, WorkerOptions } from './worker-protocol.js';

export type { WorkerOptions } from './worker-protocol.js';
export { createSession, type Session } from '../db/workspace.js';

/** Methods that run in a worker of their own (when the workspace is a file). */
const TASK_METHODS: ReadonlySet<string> = new Set<MethodName>([
  'documents.import',
  'datasets.import',
  'datasets.export',
  'reports.export',
]);

const INTERRUPTED: ApiErrorPayload = {
  code: 'interrupted',
  message:
    'The workspace stopped while handling this request, and has been restarted. Nothing was half-written; try again.',
};

/**
 * Where the worker's script is: beside this module when running from source (TypeScript, loaded
 * through tsx), or `host/workspace-worker.js` in the build next to the bundle that runs.
 */
function workerScript(): { file: string; typescript: boolean } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const source = path.join(here, 'workspace-worker.ts');
  if (import.meta.url.endsWith('.ts') && fs.existsSync(source)) return { file: source, typescript: true };
  for (const candidate of [
    path.join(here, 'workspace-worker.js'),
    path.join(here, 'host', 'workspace-worker.js'),
    path.join(here, '..', 'host', 'workspace-worker.js'),
  ]) {
    if (fs.existsSync(candidate)) return { file: candidate, typescript: false };
  }
  throw new ApiError('internal', `The workspace worker script is missing next to ${here}; run “npm run build”.`);
}

/** Starts one worker thread (running TypeScript sources through tsx in development and tests). */
function spawn(options: WorkerOptions): Worker {
  const script = workerScript();
  if (!script.typescript) return new Worker(script.file, { workerData: options });
  // tsx's ESM entry (its package.json names only the CommonJS one to `require.resolve`).
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const target = pathToFileURL(script.file).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)}))`,
    { eval: true, workerData: options },
  );
}

/** One running worker and the requests it owes answers to. */
class Thread {
  readonly pending = new Map<number, (reply: DispatchResult) => void>();
  private nextId = 1;
  private exited = false;
  readonly ready: Promise<void>;
  private readonly closed: Promise<void>;

  constructor(
    options: WorkerOptions,
    private readonly onEvent: (message: EventMessage) => void,
    onExit: (thread: Thread) => void,
  ) {
    const worker = spawn(options);
    this.worker = worker;
    // Why the worker could not open the workspace. `ready` rejects only once the thread has
    // ended, so a failed start leaves nothing running; and a thread that ends before it was
    // ready (for whatever reason) rejects it rather than leaving it pending for ever.
    let failure: ApiError | null = null;
    let failed: (error: ApiError) => void = () => undefined;
    this.ready = new Promise((resolve, reject) => {
      failed = reject;
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            resolve();
            break;
          case 'failed':
            // The worker ends by itself once it has said why (it has nothing left to do).
            failure = new ApiError(message.error.code, message.error.message);
            break;
          case 'event':
            this.onEvent(message.message);
            break;
          case 'reply': {
            const answer = this.pending.get(message.id);
            this.pending.delete(message.id);
            answer?.(message.reply);
            break;
          }
        }
      });
      worker.on('error', (error) => {
        console.error('triangulate: the workspace worker failed:', error);
        failure ??= new ApiError('internal', `The workspace could not be opened: ${error.message}`);
      });
    });
    this.closed = new Promise((resolve) => {
      worker.on('exit', () => {
        this.exited = true;
        failed(failure ?? new ApiError('interrupted', 'The workspace worker stopped before the workspace was open.'));
        for (const answer of this.pending.values()) answer({ ok: false, error: INTERRUPTED });
        this.pending.clear();
        onExit(this);
        resolve();
      });
    });
    this.ready.catch(() => undefined);
  }

  private readonly worker: Worker;

  get alive(): boolean {
    return !this.exited;
  }

  call(method: string, params: unknown): Promise<DispatchResult> {
    if (this.exited) return Promise.resolve({ ok: false, error: INTERRUPTED });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        this.send({ type: 'call', id, method, params });
      } catch (error) {
        // Params that cannot be cloned into the worker (a function, a value too deep to copy).
        this.pending.delete(id);
        resolve({
          ok: false,
          error: { code: 'invalid_params', message: `Invalid params for ${method}: ${(error as Error).message}` },
        });
      }
    });
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** Closes the workspace inside the worker, then lets the thread end. */
  async close(): Promise<void> {
    if (this.exited) return;
    this.send({ type: 'close' });
    const timer = setTimeout(() => void this.worker.terminate(), 10_000);
    await this.closed;
    clearTimeout(timer);
  }

  /**
   * Ends the thread as a crash would, without closing the workspace. Not `worker.terminate()`:
   * terminating a worker while it is inside a better-sqlite3 call (e.g. waiting for another
   * program's lock) aborts the whole process (FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal,
   * from Database::ThrowSqliteError). The worker ends itself at its next turn of the event loop.
   */
  async terminate(): Promise<void> {
    if (this.exited) return;
    this.send({ type: 'crash' });
    await this.closed;
  }
}

export class WorkerDispatcher implements Dispatcher {
  private main: Thread | null = null;
  private starting: Promise<Thread> | null = null;
  private readonly tasks = new Set<Thread>();
  private readonly listeners = new Set<(message: EventMessage) => void>();
  /** History entries already announced (see `emit`). */
  private readonly announced = new Set<number>();
  private closing = false;

  private constructor(private readonly options: WorkerOptions) {}

  /**
   * Starts a worker on `options.path` and waits until the workspace is open. Its main and task
   * workers write for `options.session` (by default a new session of kind `program`): a host
   * that opens several workspaces, one after another, passes the same one each time.
   * @throws ApiError `incompatible_workspace` (and the like) when the file cannot be opened.
   */
  static async start(options: WorkerOptions): Promise<WorkerDispatcher> {
    const dispatcher = new WorkerDispatcher({
      ...options,
      path: options.path === ':memory:' ? options.path : path.resolve(options.path),
      session: options.session ?? createSession('program'),
    });
    await dispatcher.mainThread();
    return dispatcher;
  }

  /** The workspace file this dispatcher serves. */
  get path(): string {
    return this.options.path;
  }

  async dispatch(method: string, params: unknown): Promise<DispatchResult> {
    if (this.closing) return { ok: false, error: { code: 'interrupted', message: 'The workspace is closing.' } };
    try {
      // Checked on this side: a value too deep would overflow the stack while being cloned.
      checkParamsDepth(method, params);
    } catch (error) {
      return { ok: false, error: (error as ApiError).toJSON() };
    }
    if (method === 'tasks.cancel') return this.cancel(params);
    if (TASK_METHODS.has(method) && this.options.path !== ':memory:') return this.runTask(method, params);
    let thread: Thread;
    try {
      thread = await this.mainThread();
    } catch (error) {
      return { ok: false, error: error instanceof ApiError ? error.toJSON() : INTERRUPTED };
    }
    return thread.call(method, params);
  }

  subscribe(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the workspace (waiting for running tasks to be told to stop) and ends the workers. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.tasks].map((task) => task.close()));
    const main = this.main ?? (await this.starting?.catch(() => null)) ?? null;
    await main?.close();
    this.listeners.clear();
  }

  /**
   * Ends the main worker as a crash would (at its next turn of the event loop, without closing
   * the workspace): the requests it was handling are answered
   * with `interrupted`, and the next request starts a new worker.
   */
  async terminateWorker(): Promise<void> {
    await this.main?.terminate();
  }

  private emit(message: EventMessage): void {
    // A task worker announces its own commit, and the main worker's change feed then sees the
    // same history entry as another connection's: one event per entry reaches the listeners.
    if (message.event === 'changed' && message.data.historyId !== null) {
      if (this.announced.has(message.data.historyId)) return;
      this.announced.add(message.data.historyId);
      if (this.announced.size > 4096) this.announced.delete(this.announced.values().next().value as number);
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch (error) {
        console.error(`triangulate: an event listener failed: ${(error as Error).message}`);
      }
    }
  }

  private mainThread(): Promise<Thread> {
    if (this.main?.alive) return Promise.resolve(this.main);
    if (!this.starting) {
      const thread = new Thread(
        this.options,
        (message) => this.emit(message),
        (exited) => {
          if (this.main === exited) this.main = null;
        },
      );
      this.starting = thread.ready.then(
        () => {
          this.main = thread;
          this.starting = null;
          return thread;
        },
        (error: unknown) => {
          this.starting = null;
          throw error;
        },
      );
    }
    return this.starting;
  }

  /** One long task in a worker of its own; the seed corpus is the main worker's business. */
  private async runTask(method: string, params: unknown): Promise<DispatchResult> {
    const thread = new Thread(
      { ...this.options, seed: false, watch: false },
      (message) => this.emit(message),
      (exited) => this.tasks.delete(exited),
    );
    this.tasks.add(thread);
    try {
      await thread.ready;
      return await thread.call(method, params);
    } catch (error) {
      return { ok: false, error: error instanceof ApiError ? error.toJSON() : INTERRUPTED };
    } finally {
      await thread.close();
    }
  }

  /** `tasks.cancel` reaches every worker: the task runs in one of them. */
  private async cancel(params: unknown): Promise<DispatchResult> {
    const threads = [...this.tasks, ...(this.main?.alive ? [this.main] : [])];
    if (threads.length === 0) {
      const main = await this.mainThread().catch(() => null);
      if (main) threads.push(main);
    }
    const replies = await Promise.all(threads.map((thread) => thread.call('tasks.cancel', params)));
    const failed = replies.find((reply) => !reply.ok);
    if (failed && replies.every((reply) => !reply.ok)) return failed;
    const cancelled = replies.some((reply) => reply.ok && (reply.result as { cancelled: boolean }).cancelled);
    return { ok: true, result: { cancelled } };
  }
}
