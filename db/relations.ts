/**
 * Relations: typed, directed links between two annotations, possibly in different documents
 * (`attributed_to` claim → source, `cites` source → source, `supports`, `contradicts`, ...),
 * with a small attribute map (on `attributed_to`: the source's own `stance` and the `cue`; rules
 * in common/relation-attributes.ts). A relation goes when either of its annotations is deleted
 * (db/annotations.ts).
 */
import type { Relation } from '../common/domain.js';
import type { ParsedParamsOf } from '../common/contract.js';
import { ApiError } from '../common/errors.js';
import { relationAttributesProblem } from '../common/relation-attributes.js';
import { getAnnotation } from './annotations.js';
import type { Row } from './changes.js';
import { prepare } from './connection.js';
import { newId } from './ids.js';
import { encodeAttributes, rowToRelation, type RelationRow } from './rows.js';
import { truncate } from './summaries.js';
import type { Workspace } from './workspace.js';

/**
 * A relation's attributes as stored: checked, keys sorted (so that an equal map is an equal
 * string, and an update that changes nothing logs nothing).
 * @throws ApiError `invalid_params` naming the attribute
 */
export function encodeRelationAttributes(attributes: Readonly<Record<string, string>>): string {
  const problem = relationAttributesProblem(attributes);
  if (problem) throw new ApiError('invalid_params', `Invalid attributes: ${problem.message}`, { field: problem.field });
  return encodeAttributes(attributes);
}

/** Links two annotations. @throws ApiError `conflict` when the same link exists. */
export function createRelation(ws: Workspace, params: ParsedParamsOf<'relations.create'>): Relation {
  if (params.fromId === params.toId)
    throw new ApiError('invalid_params', 'A relation needs two different annotations.');
  const attributes = encodeRelationAttributes(params.attributes ?? {});
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
          attributes,
          note: params.note ?? '',
          author: tx.author,
          created_at: tx.now,
        }) as unknown as RelationRow,
      ),
  );
}

/** One relation. @throws ApiError `not_found` */
export function getRelation(ws: Workspace, id: string): Relation {
  const row = prepare(ws.db, 'SELECT * FROM relation WHERE id = ?').get(id) as RelationRow | undefined;
  if (!row) throw new ApiError('not_found', `No relation with id ${id}.`);
  return rowToRelation(row);
}

/**
 * Changes a relation's attributes (the whole map) and/or note, as one undoable step; nothing is
 * logged when nothing changes.
 * @throws ApiError `not_found`, `invalid_params`
 */
export function updateRelation(ws: Workspace, params: ParsedParamsOf<'relations.update'>): Relation {
  const current = getRelation(ws, params.id);
  const patch: Row = {};
  if (params.attributes !== undefined) patch.attributes = encodeRelationAttributes(params.attributes);
  if (params.note !== undefined) patch.note = params.note;
  ws.mutate('relations.update', `Changed ${current.type.replace(/_/g, ' ')} link`, (tx) =>
    tx.changes.update('relation', current.id, patch),
  );
  return getRelation(ws, params.id);
}

export function deleteRelation(ws: Workspace, id: string): { deleted: true } {
  const row = getRelation(ws, id);
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
