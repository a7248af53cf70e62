/**
 * Ordering requests inside the workspace worker. Reads run at once. Writes run one after another
 * in arrival order; a write that finds the file locked by another connection (SQLite's
 * `busy`) is retried after a short pause, during which reads and other events go on, until a
 * deadline, and then fails with `busy`. SQLite's own busy handler would instead block the
 * worker's thread for the whole wait, and every read behind it.
 *
 * A write that failed with busy wrote nothing (its transaction never began), so retrying is safe.
 */
import type { MethodName } from '../common/contract.js';
import type { DispatchResult } from './dispatcher.js';

/** Methods that never write: they bypass the write queue. */
const READS: ReadonlySet<string> = new Set<MethodName>([
  'workspace.stats',
  'documents.list',
  'documents.get',
  'labels.list',
  'annotations.get',
  'annotations.list',
  'entities.list',
  'entities.mentions',
  'entities.index',
  'claims.list',
  'claims.mentions',
  'claims.matrix',
  'relations.list',
  'sources.chains',
  'notes.list',
  'history.list',
  'search.query',
  'settings.get',
  // Not a read, but it must reach a running task at once rather than queue behind it.
  'tasks.cancel',
]);

export function isRead(method: string): boolean {
  return READS.has(method);
}

export interface WriteLaneOptions {
  /** How long a write keeps retrying while the file is locked (default 5 s). */
  deadlineMs?: number;
  /** First pause between tries; doubles up to `maxPauseMs` (defaults 10 and 200 ms). */
  firstPauseMs?: number;
  maxPauseMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs requests with the ordering described above; `run` performs one attempt. */
export class WriteLane {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly run: (method: string, params: unknown) => Promise<DispatchResult>,
    private readonly options: WriteLaneOptions = {},
  ) {}

  submit(method: string, params: unknown): Promise<DispatchResult> {
    if (isRead(method)) return this.run(method, params);
    const result = this.tail.then(() => this.withRetry(method, params));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async withRetry(method: string, params: unknown): Promise<DispatchResult> {
    const deadline = Date.now() + (this.options.deadlineMs ?? 5000);
    let pause = this.options.firstPauseMs ?? 10;
    for (;;) {
      const reply = await this.run(method, params);
      if (reply.ok || reply.error.code !== 'busy' || Date.now() + pause > deadline) return reply;
      await sleep(pause);
      pause = Math.min(pause * 2, this.options.maxPauseMs ?? 200);
    }
  }
}
