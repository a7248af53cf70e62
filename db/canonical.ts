/**
 * Canonical records: what mentions in many documents link to. Entities (one person, group or
 * outlet under all its names) and claims (one proposition carried by several outlets) are the
 * same concept with different fields, so they share this implementation: rows with their
 * mention counts, mentions across the corpus, update, merge and delete. db/entities.ts and
 * db/claims.ts add what differs (names and aliases; summaries).
 *
 * Delete rules: deleting a record unlinks its mentions (the annotations stay) and deletes its
 * notes; merging moves the source's mentions and notes to the target, then deletes the source.
 */
import type { Mention } from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import type { Row } from './changes.js';
import { prepare } from './connection.js';
import { deleteNotesOf, moveNotes } from './notes.js';
import { rowToAnnotation, type AnnotationRow } from './rows.js';
import type { Workspace } from './workspace.js';

/** Which canonical table, and the annotation column that links to it. */
export interface CanonicalKind {
  table: 'entity' | 'claim';
  column: 'entity_id' | 'claim_id';
}

export const ENTITY: CanonicalKind = { table: 'entity', column: 'entity_id' };
export const CLAIM: CanonicalKind = { table: 'claim', column: 'claim_id' };

/** Rows of a canonical table with their `mention_count`; `where` uses the alias `r`. */
export function recordRows<R>(ws: Workspace, kind: CanonicalKind, where: string, args: unknown[]): R[] {
  return prepare(
    ws.db,
    `SELECT r.*, (SELECT count(*) FROM annotation a WHERE a.${kind.column} = r.id) AS mention_count
       FROM ${kind.table} r ${where}`,
  ).all(...args) as R[];
}

/** One record's row. @throws ApiError `not_found` */
export function recordRow<R>(ws: Workspace, kind: CanonicalKind, id: string): R {
  const row = recordRows<R>(ws, kind, 'WHERE r.id = ?', [id])[0];
  if (!row) throw new ApiError('not_found', `No ${kind.table} with id ${id}.`);
  return row;
}

/** `LIKE` pattern matching `query` anywhere, with its wildcards escaped. */
export function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** Every mention of a record across the corpus, in publication order, then by position. */
export function mentionsOf(ws: Workspace, kind: CanonicalKind, id: string): Mention[] {
  recordRow(ws, kind, id);
  const rows = prepare(
    ws.db,
    `SELECT a.*, d.title AS document_title, d.outlet AS document_outlet
       FROM annotation a JOIN document d ON d.id = a.document_id
      WHERE a.${kind.column} = ?
      ORDER BY d.published_at IS NULL, d.published_at, d.title, a.start_offset`,
  ).all(id) as Array<AnnotationRow & { document_title: string; document_outlet: string | null }>;
  return rows.map((row) => ({
    ...rowToAnnotation(row),
    documentTitle: row.document_title,
    documentOutlet: row.document_outlet,
  }));
}

function linkedAnnotationIds(ws: Workspace, kind: CanonicalKind, id: string): string[] {
  return (prepare(ws.db, `SELECT id FROM annotation WHERE ${kind.column} = ?`).all(id) as Array<{ id: string }>).map(
    (r) => r.id,
  );
}

/** Changes a record's columns; `updated_at` moves only when something changed. */
export function updateRecord(ws: Workspace, kind: CanonicalKind, id: string, patch: Row, summary: string): void {
  ws.mutate(`${kind.table === 'entity' ? 'entities' : 'claims'}.update`, summary, (tx) => {
    const before = tx.changes.changes.length;
    tx.changes.update(kind.table, id, patch);
    if (tx.changes.changes.length > before) tx.changes.update(kind.table, id, { updated_at: tx.now });
  });
}

/**
 * Merges `sourceId` into `targetId` as one undoable step: mentions and notes move to the target,
 * `targetPatch` (merged names, notes, ...) is applied to it, and the source is deleted.
 */
export function mergeRecords(
  ws: Workspace,
  kind: CanonicalKind,
  targetId: string,
  sourceId: string,
  targetPatch: Row,
  summary: string,
): void {
  if (targetId === sourceId) {
    throw new ApiError(
      'invalid_params',
      `${kind.table === 'entity' ? 'An entity' : 'A claim'} cannot be merged into itself.`,
    );
  }
  ws.mutate(`${kind.table === 'entity' ? 'entities' : 'claims'}.merge`, summary, (tx) => {
    for (const annotationId of linkedAnnotationIds(ws, kind, sourceId)) {
      tx.changes.update('annotation', annotationId, { [kind.column]: targetId, updated_at: tx.now });
    }
    moveNotes(ws, tx, sourceId, targetId);
    tx.changes.update(kind.table, targetId, { ...targetPatch, updated_at: tx.now });
    tx.changes.delete(kind.table, sourceId);
  });
}

/** Deletes a record as one undoable step: its mentions stay, unlinked; its notes go with it. */
export function deleteRecord(ws: Workspace, kind: CanonicalKind, id: string, summary: string): { deleted: true } {
  recordRow(ws, kind, id);
  ws.mutate(`${kind.table === 'entity' ? 'entities' : 'claims'}.delete`, summary, (tx) => {
    for (const annotationId of linkedAnnotationIds(ws, kind, id)) {
      tx.changes.update('annotation', annotationId, { [kind.column]: null, updated_at: tx.now });
    }
    deleteNotesOf(ws, tx, id);
    tx.changes.delete(kind.table, id);
  });
  return { deleted: true };
}

/** Two notes joined as one merged record's note. */
export function joinNotes(a: string, b: string): string {
  return [a, b].filter(Boolean).join('\n\n');
}
