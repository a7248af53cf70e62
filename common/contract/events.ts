/**
 * The events of the API contract: what the workspace pushes to every open view (committed
 * changes, progress of long work, menu commands), and the shape one event has on the wire.
 */
import type { ChangedRecord, HistoryWhere } from '../domain.js';
import type { ViewName } from '../views.js';

/** What the workspace pushes to every open view. */
export interface Events {
  /** After each committed mutation. */
  changed: {
    historyId: number | null;
    method: string;
    author: string;
    records: ChangedRecord[];
    /**
     * True when another program (or another connection: the command line, a second window)
     * committed the change; the workspace noticed it in its change feed.
     */
    external?: boolean;
    /**
     * For `history.undo` / `history.redo`: the entry undone or redone, whose it is (its author)
     * and where it acts (document ids and titles, annotation ids and quotes).
     */
    target?: { id: number; summary: string; author: string; where: HistoryWhere };
  };
  /** Progress of long work (imports, exports). */
  progress: {
    taskId: string;
    task: 'import' | 'export';
    done: number;
    total: number;
    message: string;
  };
  /** A command from the desktop shell's menu for the UI (e.g. open the export dialog). */
  command: {
    name:
      | 'import'
      | 'export'
      | 'export-report'
      | 'undo'
      | 'redo'
      | 'toggle-theme'
      | 'find'
      | 'about'
      | 'help'
      | `view.${ViewName}`;
  };
}
/** The name of one event. */
export type EventName = keyof Events;
/** One event as it travels: a union discriminated by `event`. */
export type EventMessage = { [E in EventName]: { event: E; data: Events[E] } }[EventName];
