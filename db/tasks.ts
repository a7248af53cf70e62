/**
 * Long-running work (imports, exports) registers here under a task id, so that `tasks.cancel`
 * can ask it to stop. The work checks `isCancelled()` between steps and rolls back.
 */
export class TaskRegistry {
  private readonly running = new Map<string, { cancelled: boolean }>();

  /** Registers a task; returns its cancellation probe and a function to call when it ends. */
  start(taskId: string): { isCancelled: () => boolean; end: () => void } {
    const state = { cancelled: false };
    this.running.set(taskId, state);
    return { isCancelled: () => state.cancelled, end: () => this.running.delete(taskId) };
  }

  cancel(taskId: string): boolean {
    const state = this.running.get(taskId);
    if (!state) return false;
    state.cancelled = true;
    return true;
  }
}
