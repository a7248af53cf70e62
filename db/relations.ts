/**
 * Relations: typed, directed links between two annotations, possibly in different documents
 * (`attributed_to` claim → source, `cites` source → source, `supports`, `contradicts`, ...).
 * A relation goes when either of its annotations is deleted (db/annotations.ts).
 */
import type { Relation } from '../common/domain.js';
import type { ParsedParamsOf } from '../common/contract.js';
import { ApiError } from '../common/errors.js';
import { getAnnotation } from './annotations.js';
import { prepare } from './connection.js';
import { newId } from './ids.js';
import { rowToRelation, type RelationRow } from './rows.js';
import { truncate } from './summaries.js';
import type { Workspace } from './workspace.js';

/** Links two annotations. @throws ApiError `conflict` when the same link exists. */
export function createRelation(ws: Workspace, params: ParsedParamsOf<'relations.create'>): Relation {
  if (params.fromId === params.toId)
    throw new ApiError('invalid_params', 'A relation needs two different annotations.');
  const from = getAnnotation(ws, params.fromId);
  const to = getAnnotation(ws, params.toId);
  const clash = prepare(ws.db, 'SELECT id FROM relation WHERE from_id = ? AND to_id = ? AND type = ?').get(
    from.id,
    to.id,
    params.type,
  );
  if (clash) throw new ApiError('conflict', `These annotations are already linked by ${params.type}.`);
  return ws.mutate(
    'relations.create',
    `Linked “${truncate(from.quote)}” ${params.type.replace(/_/g, ' ')} “${truncate(to.quote)}”`,
    (tx) =>
      rowToRelation(
        tx.changes.insert('relation', {
          id: newId('rel'),
          from_id: from.id,
          to_id: to.id,
          type: params.type,
          note: params.note ?? '',
          author: tx.author,
          created_at: tx.now,
        }) as unknown as RelationRow,
      ),
  );
}

export function deleteRelation(ws: Workspace, id: string): { deleted: true } {
  const row = prepare(ws.db, 'SELECT * FROM relation WHERE id = ?').get(id) as RelationRow | undefined;
  if (!row) throw new ApiError('not_found', `No relation with id ${id}.`);
  ws.mutate('relations.delete', `Removed ${row.type.replace(/_/g, ' ')} link`, (tx) =>
    tx.changes.delete('relation', id),
  );
  return { deleted: true };
}

/** Relations touching an annotation and/or a document, and/or of one type, oldest first. */
export function listRelations(ws: Workspace, params: ParsedParamsOf<'relations.list'>): Relation[] {
  const clauses: string[] = [];
  const values: Record<string, string> = {};
  if (params.annotationId !== undefined) {
    clauses.push('(r.from_id = @annotationId OR r.to_id = @annotationId)');
    values.annotationId = params.annotationId;
  }
  if (params.type !== undefined) {
    clauses.push('r.type = @type');
    values.type = params.type;
  }
  if (params.documentId !== undefined) {
    clauses.push(`(r.from_id IN (SELECT id FROM annotation WHERE document_id = @documentId)
             OR r.to_id IN (SELECT id FROM annotation WHERE document_id = @documentId))`);
    values.documentId = params.documentId;
  }
  const sql = `SELECT r.* FROM relation r ${clauses.length ? 'WHERE ' + clauses.join(' AND ') : ''}
    ORDER BY r.created_at, r.id`;
  return (prepare(ws.db, sql).all(values) as RelationRow[]).map(rowToRelation);
}
