/**
 * Watches the workspace file for other connections' commits (db/change-feed.ts) and emits the
 * `changed` events they would have emitted, so every open view sees writes from the command
 * line, a second window or another worker within one polling interval. Entries this connection
 * committed itself (already announced by its own `changed` events) are skipped.
 *
 * Polling is one `PRAGMA data_version` read per interval: a few microseconds, no I/O.
 */
import type { Events } from '../common/contract.js';
import { changesSince, dataVersion, latestHistoryId } from '../db/change-feed.js';
import type { Workspace } from '../db/workspace.js';

/** How often the file is checked for other connections' commits. */
export const CHANGE_POLL_MS = 250;

export class ChangeWatcher {
  private version: number;
  private seen: number;
  private readonly own = new Set<number>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly ws: Workspace,
    private readonly emit: (change: Events['changed']) => void,
  ) {
    this.version = dataVersion(ws);
    this.seen = latestHistoryId(ws);
  }

  /** Starts polling every `intervalMs`. */
  start(intervalMs = CHANGE_POLL_MS): void {
    this.timer ??= setInterval(() => this.poll(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A history entry this connection committed (and announced) itself. */
  noteOwn(historyId: number | null): void {
    if (historyId !== null && historyId > this.seen) this.own.add(historyId);
  }

  /** Checks once; emits one `changed` event per entry another connection committed. */
  poll(): void {
    const version = dataVersion(this.ws);
    if (version === this.version) return;
    this.version = version;
    for (;;) {
      const batch = changesSince(this.ws, this.seen);
      for (const change of batch) {
        const id = change.historyId as number;
        this.seen = id;
        if (this.own.delete(id)) continue;
        this.emit(change);
      }
      if (batch.length < 500) break;
    }
    for (const id of this.own) if (id <= this.seen) this.own.delete(id);
  }
}
