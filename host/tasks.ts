/**
 * Long-running work (imports, exports) registers here under a task id, so that `tasks.cancel`
 * can ask it to stop. The work checks `isCancelled()` between steps and rolls back.
 */

/** What a running task is told: its id (for progress events) and how to ask whether to stop. */
export interface TaskHandle {
  taskId: string;
  isCancelled: () => boolean;
}

let taskCounter = 0;

export class TaskRegistry {
  private readonly running = new Map<string, { cancelled: boolean }>();

  /** Registers a task; returns its cancellation probe and a function to call when it ends. */
  start(taskId: string): { isCancelled: () => boolean; end: () => void } {
    const state = { cancelled: false };
    this.running.set(taskId, state);
    return { isCancelled: () => state.cancelled, end: () => this.running.delete(taskId) };
  }

  /**
   * Runs `work` as a task named `taskId` (or a new id of the given kind), unregistering it when
   * it ends, however it ends.
   */
  async run<T>(taskId: string | undefined, kind: string, work: (task: TaskHandle) => T | Promise<T>): Promise<T> {
    const id = taskId ?? `${kind}-${Date.now().toString(36)}-${++taskCounter}`;
    const task = this.start(id);
    try {
      return await work({ taskId: id, isCancelled: task.isCancelled });
    } finally {
      task.end();
    }
  }

  cancel(taskId: string): boolean {
    const state = this.running.get(taskId);
    if (!state) return false;
    state.cancelled = true;
    return true;
  }
}
