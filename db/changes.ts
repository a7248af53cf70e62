/**
 * Tracked writes: every row the workspace inserts, updates or deletes through an operation is
 * recorded with its before- and after-image. The list is the operation's entry in the history
 * log; replaying the before-images in reverse order is its inverse (undo), replaying the
 * after-images in order is redo. Nothing else writes domain rows, so the log stays exact.
 */
import type { ChangedKind, ChangedRecord } from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import { prepare, type Db } from './connection.js';

/** Tables whose rows are tracked. Every one has a TEXT primary key `id`. */
export const TRACKED_TABLES = [
  'document',
  'document_review',
  'label',
  'entity',
  'claim',
  'annotation',
  'relation',
  'note',
  'setting',
] as const;
export type TrackedTable = (typeof TRACKED_TABLES)[number];

export type SqlValue = string | number | bigint | null | Buffer;
export type Row = Record<string, SqlValue>;

/** One row's change. `before` null: inserted; `after` null: deleted. */
export interface RowChange {
  t: TrackedTable;
  id: string;
  before: Row | null;
  after: Row | null;
}

function selectRow(db: Db, table: TrackedTable, id: string): Row | undefined {
  return prepare(db, `SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined;
}

function insertSql(table: TrackedTable, columns: string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`;
}

function updateSql(table: TrackedTable, columns: string[]): string {
  return `UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`;
}

/** Collects the changes of one operation while it runs inside a transaction. */
export class ChangeSet {
  readonly changes: RowChange[] = [];

  constructor(readonly db: Db) {}

  get(table: TrackedTable, id: string): Row | undefined {
    return selectRow(this.db, table, id);
  }

  insert(table: TrackedTable, row: Row): Row {
    const columns = Object.keys(row);
    prepare(this.db, insertSql(table, columns)).run(row);
    const after = selectRow(this.db, table, String(row.id));
    if (!after) throw new ApiError('internal', `insert into ${table} did not persist`);
    this.changes.push({ t: table, id: String(row.id), before: null, after });
    return after;
  }

  /** Updates the given columns; returns the new row. No-op (nothing logged) when nothing changes. */
  update(table: TrackedTable, id: string, patch: Row): Row {
    const before = selectRow(this.db, table, id);
    if (!before) throw new ApiError('not_found', `No ${table} with id ${id}.`);
    const columns = Object.keys(patch).filter((c) => c !== 'id' && patch[c] !== before[c]);
    if (columns.length === 0) return before;
    const values: Row = { id };
    for (const c of columns) values[c] = patch[c] ?? null;
    prepare(this.db, updateSql(table, columns)).run(values);
    const after = selectRow(this.db, table, id) as Row;
    this.changes.push({ t: table, id, before, after });
    return after;
  }

  delete(table: TrackedTable, id: string): Row {
    const before = selectRow(this.db, table, id);
    if (!before) throw new ApiError('not_found', `No ${table} with id ${id}.`);
    prepare(this.db, `DELETE FROM ${table} WHERE id = ?`).run(id);
    this.changes.push({ t: table, id, before, after: null });
    return before;
  }
}

/**
 * Puts rows back to one side of a list of changes: `direction` 'undo' walks the list backwards
 * restoring before-images, 'redo' walks forwards restoring after-images. Each row must currently
 * equal the image on the other side; otherwise the history and the data disagree and the
 * operation is refused with `conflict` (the caller's transaction rolls back).
 */
export function replayChanges(db: Db, changes: RowChange[], direction: 'undo' | 'redo'): void {
  const ordered = direction === 'undo' ? [...changes].reverse() : changes;
  for (const change of ordered) {
    const expected = direction === 'undo' ? change.after : change.before;
    const target = direction === 'undo' ? change.before : change.after;
    const current = selectRow(db, change.t, change.id) ?? null;
    if (!sameRow(current, expected)) {
      throw new ApiError(
        'conflict',
        `Cannot ${direction}: ${change.t} ${change.id} was changed outside this history entry.`,
      );
    }
    if (target === null) {
      prepare(db, `DELETE FROM ${change.t} WHERE id = ?`).run(change.id);
    } else if (current === null) {
      prepare(db, insertSql(change.t, Object.keys(target))).run(target);
    } else {
      const columns = Object.keys(target).filter((c) => c !== 'id');
      prepare(db, updateSql(change.t, columns)).run(target);
    }
  }
}

function sameRow(a: Row | null, b: Row | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(b);
  return keys.every((k) => a[k] === b[k]);
}

const KIND_OF_TABLE: Record<TrackedTable, ChangedKind> = {
  document: 'document',
  // A document's review mark (its id is the document's): the document was updated.
  document_review: 'document',
  label: 'label',
  entity: 'entity',
  claim: 'claim',
  annotation: 'annotation',
  relation: 'relation',
  note: 'note',
  setting: 'setting',
};

/** What a list of row changes means for the views: one record per touched row. */
export function changedRecords(changes: readonly RowChange[]): ChangedRecord[] {
  const byKey = new Map<string, ChangedRecord>();
  for (const change of changes) {
    const key = `${KIND_OF_TABLE[change.t]}:${change.id}`;
    // A review mark that comes or goes changes its document, which stays.
    const kind: ChangedRecord['change'] =
      change.t === 'document_review' || (change.before !== null && change.after !== null)
        ? 'updated'
        : change.before === null
          ? 'created'
          : 'deleted';
    const documentIds = new Set<string>();
    for (const image of [change.before, change.after]) {
      if (image && change.t === 'annotation') documentIds.add(String(image.document_id));
      if (image && (change.t === 'document' || change.t === 'document_review')) documentIds.add(String(image.id));
    }
    const existing = byKey.get(key);
    if (existing) {
      if (existing.change === 'created' && kind === 'deleted') byKey.delete(key);
      else if (existing.change !== 'created') existing.change = kind;
      for (const id of documentIds) if (!existing.documentIds?.includes(id)) existing.documentIds?.push(id);
      continue;
    }
    byKey.set(key, {
      kind: KIND_OF_TABLE[change.t],
      id: change.id,
      change: kind,
      ...(documentIds.size ? { documentIds: [...documentIds] } : {}),
    });
  }
  return [...byKey.values()];
}
