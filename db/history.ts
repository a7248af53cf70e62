/**
 * The history log: every mutation's row changes with before- and after-images. Undo replays an
 * entry's before-images, redo its after-images, each checked against the current rows (a
 * mismatch is a `conflict`, never an overwrite). Undo and redo are themselves logged as audit
 * entries naming who undid what. Permanent entries (seed and dataset imports) are barriers undo
 * does not cross.
 */
import type { HistoryEntry, HistoryState } from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import { changedRecords, replayChanges, type RowChange } from './changes.js';
import { prepare } from './connection.js';
import { nowIso } from './ids.js';
import type { Workspace } from './workspace.js';

interface HistoryRow {
  id: number;
  method: string;
  summary: string;
  author: string;
  at: string;
  state: HistoryState;
  target_id: number | null;
  changes: string;
  change_count: number;
}

function rowToHistory(row: Omit<HistoryRow, 'changes'> & { changes?: string }): HistoryEntry {
  return {
    id: row.id,
    method: row.method,
    summary: row.summary,
    author: row.author,
    at: row.at,
    state: row.state,
    targetId: row.target_id,
    changeCount: row.change_count,
  };
}

/** The latest entries, newest first. */
export function listHistory(ws: Workspace, limit = 200): HistoryEntry[] {
  return (
    prepare(
      ws.db,
      'SELECT id, method, summary, author, at, state, target_id, change_count FROM history ORDER BY id DESC LIMIT ?',
    ).all(limit) as HistoryRow[]
  ).map(rowToHistory);
}

/** Undoes the latest undoable entry. @throws ApiError `nothing_to_undo`, `conflict` */
export function undo(ws: Workspace): { entry: HistoryEntry } {
  return replay(ws, 'undo');
}

/** Redoes the latest undone entry. @throws ApiError `nothing_to_redo`, `conflict` */
export function redo(ws: Workspace): { entry: HistoryEntry } {
  return replay(ws, 'redo');
}

function replay(ws: Workspace, direction: 'undo' | 'redo'): { entry: HistoryEntry } {
  const author = ws.analyst;
  const db = ws.db;
  const run = db.transaction(() => {
    const barrier =
      (prepare(db, "SELECT max(id) AS id FROM history WHERE state = 'permanent'").get() as { id: number | null }).id ??
      0;
    const row = (
      direction === 'undo'
        ? prepare(db, "SELECT * FROM history WHERE state = 'done' AND id > ? ORDER BY id DESC LIMIT 1").get(barrier)
        : prepare(db, "SELECT * FROM history WHERE state = 'undone' AND id > ? ORDER BY id ASC LIMIT 1").get(barrier)
    ) as HistoryRow | undefined;
    if (!row) {
      throw new ApiError(
        direction === 'undo' ? 'nothing_to_undo' : 'nothing_to_redo',
        direction === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.',
      );
    }
    const changes = JSON.parse(row.changes) as RowChange[];
    replayChanges(db, changes, direction);
    const state: HistoryState = direction === 'undo' ? 'undone' : 'done';
    prepare(db, 'UPDATE history SET state = ? WHERE id = ?').run(state, row.id);
    const verb = direction === 'undo' ? 'Undid' : 'Redid';
    const auditId = Number(
      prepare(
        db,
        "INSERT INTO history (method, summary, author, at, state, target_id, change_count) VALUES (?, ?, ?, ?, 'audit', ?, ?)",
      ).run(`history.${direction}`, `${verb}: ${row.summary}`, author, nowIso(), row.id, changes.length)
        .lastInsertRowid,
    );
    // What the views see is the effect of the replay: for an undo, the inverse of the entry.
    const effect =
      direction === 'undo' ? [...changes].reverse().map((c) => ({ ...c, before: c.after, after: c.before })) : changes;
    return { entry: rowToHistory({ ...row, state }), changes: effect, auditId };
  });
  const { entry, changes, auditId } = run.immediate();
  // The event carries the audit entry's id: each committed change has a sequence number of its own.
  ws.emit('changed', {
    historyId: auditId,
    method: `history.${direction}`,
    author,
    records: changedRecords(changes),
  });
  return { entry };
}
