/**
 * The change feed: what other connections committed to the workspace file. Every committed
 * mutation has a history entry whose id is its sequence number; a host notices that another
 * connection wrote (SQLite's `data_version` moves only for other connections' commits) and reads
 * the entries after the last one it saw, turning each into the `changed` event its own commit
 * would have emitted. So a view sees the command line's writes and a second window's alike.
 */
import type { Events } from '../common/contract.js';
import type { ChangedKind, ChangedRecord } from '../common/domain.js';
import { changedRecords, type RowChange } from './changes.js';
import { prepare } from './connection.js';
import { historyTarget } from './history.js';
import type { Workspace } from './workspace.js';

interface FeedRow {
  id: number;
  method: string;
  author: string;
  state: string;
  changes: string;
  target_id: number | null;
}

/** A counter that moves when another connection commits to the file (SQLite's `data_version`). */
export function dataVersion(ws: Workspace): number {
  return ws.db.pragma('data_version', { simple: true }) as number;
}

/** The id of the latest history entry (0 when there is none). */
export function latestHistoryId(ws: Workspace): number {
  return (prepare(ws.db, 'SELECT coalesce(max(id), 0) AS id FROM history').get() as { id: number }).id;
}

/** Kinds a bulk entry (seed, dataset import) may have touched: it keeps no row images. */
const BULK_KINDS: readonly ChangedKind[] = ['document', 'label', 'entity', 'claim', 'annotation', 'relation', 'note'];

function recordsOf(ws: Workspace, row: FeedRow): ChangedRecord[] {
  if (row.state === 'audit' && row.target_id !== null) {
    // An undo or a redo: the effect is its target's changes, backwards for an undo.
    const target = prepare(ws.db, 'SELECT changes FROM history WHERE id = ?').get(row.target_id) as
      { changes: string } | undefined;
    const changes = JSON.parse(target?.changes ?? '[]') as RowChange[];
    const effect =
      row.method === 'history.undo'
        ? [...changes].reverse().map((c) => ({ ...c, before: c.after, after: c.before }))
        : changes;
    return changedRecords(effect);
  }
  if (row.state === 'permanent') {
    // No row images were kept: say which kinds may have changed, so lists reload.
    return BULK_KINDS.map((kind) => ({ kind, id: '', change: 'updated' as const }));
  }
  return changedRecords(JSON.parse(row.changes) as RowChange[]);
}

/**
 * The `changed` events of the entries after `afterId`, oldest first, at most `limit` of them
 * (the caller asks again from the last id returned).
 */
export function changesSince(ws: Workspace, afterId: number, limit = 500): Array<Events['changed']> {
  const rows = prepare(
    ws.db,
    'SELECT id, method, author, state, changes, target_id FROM history WHERE id > ? ORDER BY id LIMIT ?',
  ).all(afterId, limit) as FeedRow[];
  return rows.map((row) => ({
    historyId: row.id,
    method: row.method,
    author: row.author,
    records: recordsOf(ws, row),
    external: true,
    ...(row.state === 'audit' && row.target_id !== null ? { target: historyTarget(ws.db, row.target_id) } : {}),
  }));
}
