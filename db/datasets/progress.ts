/**
 * Progress and cancellation for long dataset tasks: `progress` events at a human cadence (at most
 * every 200 ms, plus the first and the last), and a cancellation probe checked between batches.
 */
import { ApiError } from '../../common/errors.js';
import type { Workspace } from '../workspace.js';

/** The minimal task context a dataset task needs (see `TaskContext` in index.ts). */
export interface TaskProbe {
  taskId: string;
  isCancelled: () => boolean;
}

const INTERVAL_MS = 200;

export class Progress {
  done = 0;
  total: number;
  private last = 0;
  private readonly workspace: Workspace;
  private readonly task: 'import' | 'export';
  private readonly probe: TaskProbe;

  constructor(workspace: Workspace, task: 'import' | 'export', probe: TaskProbe, total: number) {
    this.workspace = workspace;
    this.task = task;
    this.probe = probe;
    this.total = total;
  }

  /** Emits an event now. */
  report(message: string): void {
    this.last = Date.now();
    this.workspace.emit('progress', {
      taskId: this.probe.taskId,
      task: this.task,
      done: this.total > 0 ? Math.min(this.done, this.total) : this.done,
      total: this.total,
      message,
    });
  }

  /** Adds to `done`; emits when the last event is old enough. */
  advance(amount: number, message: () => string): void {
    this.done += amount;
    if (Date.now() - this.last >= INTERVAL_MS) this.report(message());
  }

  /** Throws `cancelled` when the person asked to stop. */
  checkCancelled(): void {
    if (this.probe.isCancelled()) {
      throw new ApiError(
        'cancelled',
        this.task === 'import'
          ? 'The import was cancelled; nothing was imported.'
          : 'The export was cancelled; no file was written.',
      );
    }
  }

  /** Lets the event loop run (so progress reaches the views and a cancel request arrives), then checks it. */
  async yield(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.checkCancelled();
  }
}
