/**
 * The messages between a host thread and its workspace worker (see ./workspace-worker.ts and
 * ./worker-dispatcher.ts). Plain data only: they cross a `worker_threads` boundary by
 * structured clone.
 */
import type { EventMessage } from '../common/contract.js';
import type { ApiErrorPayload } from '../common/errors.js';
import type { Session } from '../db/workspace.js';
import type { DispatchResult } from './dispatcher.js';

/** What the worker opens, and how. */
export interface WorkerOptions {
  /** The workspace file (or ':memory:'). */
  path: string;
  /** better-sqlite3 binding built for another runtime (Electron). */
  nativeBinding?: string;
  /**
   * The running program the worker writes for, recorded on every history entry: one per host
   * process, shared by its main and task workers (see `createSession`).
   */
  session?: Session;
  /** Load the seed corpus into a new workspace (default true). */
  seed?: boolean;
  /** Folder of the seed corpus (default: the package's `seeds/`). */
  seedsDir?: string;
  /** How long a write keeps retrying while another connection holds the write lock (default 5 s). */
  busyDeadlineMs?: number;
  /** Watch the file for other connections' commits and announce them (default true). */
  watch?: boolean;
  /** How often to look for them (default 250 ms). */
  watchIntervalMs?: number;
}

/**
 * Host → worker. `crash` asks the worker to end itself at once without closing the workspace
 * (what a crash does); the host never uses `worker.terminate()` for it, which aborts the whole
 * process when it lands inside a native SQLite call.
 */
export type ToWorker =
  { type: 'call'; id: number; method: string; params: unknown } | { type: 'close' } | { type: 'crash' };

/** Worker → host. */
export type FromWorker =
  | { type: 'ready'; path: string }
  | { type: 'failed'; error: ApiErrorPayload }
  | { type: 'reply'; id: number; reply: DispatchResult }
  | { type: 'event'; message: EventMessage }
  | { type: 'closed' };
