/**
 * Annotations: a label on one or more fragments of a document, with its quote and context for
 * re-anchoring, attributes, status, note and its link to an entity or a claim.
 *
 * Every path that writes an annotation (the API, bulk loads) builds its row with
 * `annotationRow`: fragments are anchored by common/anchoring, attributes checked against the
 * label, links checked against the label's kind. One set of checks, one set of messages.
 */
import type { Annotation, AnnotationStatus, Label } from '../common/domain.js';
import type { ParsedParamsOf } from '../common/contract.js';
import type { CreateManyResult } from '../common/contract/annotations.js';
import { ApiError } from '../common/errors.js';
import { anchorFragments } from '../common/anchoring/index.js';
import type { Row } from './changes.js';
import { prepare } from './connection.js';
import { newId } from './ids.js';
import { getLabel } from './labels.js';
import { deleteNotesOf } from './notes.js';
import { encodeFragments, rowToAnnotation, type AnnotationRow } from './rows.js';
import { truncate } from './summaries.js';
import type { Tx, Workspace } from './workspace.js';

/** @throws ApiError `not_found` */
export function getAnnotation(ws: Workspace, id: string): Annotation {
  const row = prepare(ws.db, 'SELECT * FROM annotation WHERE id = ?').get(id) as AnnotationRow | undefined;
  if (!row) throw new ApiError('not_found', `No annotation with id ${id}.`);
  return rowToAnnotation(row);
}

export function listAnnotations(ws: Workspace, params: ParsedParamsOf<'annotations.list'>): Annotation[] {
  // Only the filters given go into the SQL, so that SQLite can use the matching index
  // (an `(@x IS NULL OR column = @x)` pattern would scan the whole table).
  const filters: Array<[string, string | undefined]> = [
    ['document_id', params.documentId],
    ['label_id', params.labelId],
    ['entity_id', params.entityId],
    ['claim_id', params.claimId],
    ['status', params.status],
  ];
  const where = filters.filter(([, value]) => value !== undefined);
  const sql = `SELECT * FROM annotation
    ${where.length ? 'WHERE ' + where.map(([column]) => `${column} = @${column}`).join(' AND ') : ''}
    ORDER BY document_id, start_offset, end_offset, id
    LIMIT @limit OFFSET @offset`;
  const values: Record<string, string | number> = { limit: params.limit ?? -1, offset: params.offset ?? 0 };
  for (const [column, value] of where) values[column] = value as string;
  return (prepare(ws.db, sql).all(values) as AnnotationRow[]).map(rowToAnnotation);
}

/** "spans.jsonl line 12: " before a message, when the caller names where the input came from. */
function at(where: string | undefined, message: string): string {
  return where ? `${where}: ${message}` : message;
}

/**
 * Anchors fragments in a document's text (common/anchoring): sorted, merged, checked, with
 * quote and context, as the row's columns.
 * @throws ApiError `invalid_range` naming the bad fragment.
 */
export function anchorInDocument(
  ws: Workspace,
  documentId: string,
  fragments: ReadonlyArray<{ start: number; end: number }>,
) {
  const anchor = anchorFragments(ws.documentText(documentId), fragments);
  return {
    fragments: anchor.fragments,
    start_offset: anchor.start,
    end_offset: anchor.end,
    quote: anchor.quote,
    prefix: anchor.prefix,
    suffix: anchor.suffix,
  };
}

/**
 * Checks attribute values against a label's definitions and fills in defaults. Values carried
 * over from a previous label that this one does not define are dropped.
 */
export function resolveAttributes(
  label: Label,
  given: Record<string, string> | undefined,
  previous?: Record<string, string>,
): Record<string, string> {
  const result: Record<string, string> = {};
  const source = given ?? previous ?? {};
  for (const [name, value] of Object.entries(source)) {
    const definition = label.attributes.find((a) => a.name === name);
    if (!definition) {
      if (given) {
        throw new ApiError('invalid_params', `The label “${label.name}” has no attribute “${name}”.`, {
          field: `attributes.${name}`,
        });
      }
      continue;
    }
    if (!definition.values.includes(value)) {
      throw new ApiError(
        'invalid_params',
        `“${value}” is not a ${name} of “${label.name}”; expected one of ${definition.values.join(', ')}.`,
        { field: `attributes.${name}` },
      );
    }
    result[name] = value;
  }
  for (const definition of label.attributes) {
    if (result[definition.name] === undefined && definition.default !== undefined)
      result[definition.name] = definition.default;
  }
  return result;
}

/** The message when a label cannot carry a link (entity links on claims, claim links elsewhere). */
export function linkKindProblem(
  label: Pick<Label, 'name' | 'kind'>,
  entityId: string | null,
  claimId: string | null,
): { field: 'entityId' | 'claimId'; message: string } | null {
  if (entityId !== null && label.kind === 'claim') {
    return { field: 'entityId', message: `A ${label.name} annotation links to a claim, not an entity.` };
  }
  if (claimId !== null && label.kind !== 'claim') {
    return {
      field: 'claimId',
      message: `Only claim annotations link to a claim; “${label.name}” is a ${label.kind} label.`,
    };
  }
  return null;
}

function checkLinks(ws: Workspace, label: Label, entityId: string | null, claimId: string | null) {
  const problem = linkKindProblem(label, entityId, claimId);
  if (problem) throw new ApiError('invalid_params', problem.message, { field: problem.field });
  if (entityId !== null && !prepare(ws.db, 'SELECT 1 FROM entity WHERE id = ?').get(entityId)) {
    throw new ApiError('not_found', `No entity with id ${entityId}.`, { field: 'entityId' });
  }
  if (claimId !== null && !prepare(ws.db, 'SELECT 1 FROM claim WHERE id = ?').get(claimId)) {
    throw new ApiError('not_found', `No claim with id ${claimId}.`, { field: 'claimId' });
  }
}

/** What a new annotation is made of, whichever path writes it. */
export interface AnnotationInput {
  id?: string;
  documentId: string;
  labelId: string;
  fragments: ReadonlyArray<{ start: number; end: number }>;
  attributes?: Record<string, string>;
  status?: AnnotationStatus;
  note?: string;
  author?: string;
  entityId?: string | null;
  claimId?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * Validates a new annotation and builds its row: the one write path's checks. `label` may be
 * passed when the caller already has it (bulk loads); `where` prefixes messages.
 * @throws ApiError `not_found`, `invalid_range`, `invalid_params`
 */
export function annotationRow(
  ws: Workspace,
  input: AnnotationInput,
  context: { author: string; now: string; label?: Label; where?: string | (() => string) },
): AnnotationRow {
  if (context.where === undefined) return buildAnnotationRow(ws, input, context);
  try {
    return buildAnnotationRow(ws, input, context);
  } catch (error) {
    // Named only when something is wrong: a bulk load of a million rows builds no names.
    if (!(error instanceof ApiError)) throw error;
    const where = typeof context.where === 'function' ? context.where() : context.where;
    throw new ApiError(error.code, at(where, error.message), error.details);
  }
}

function buildAnnotationRow(
  ws: Workspace,
  input: AnnotationInput,
  context: { author: string; now: string; label?: Label },
): AnnotationRow {
  const label = context.label ?? getLabel(ws, input.labelId);
  if (ws.cachedText(input.documentId) === undefined) {
    try {
      ws.documentText(input.documentId);
    } catch {
      throw new ApiError('not_found', `No document with id ${input.documentId}.`, { field: 'documentId' });
    }
  }
  const anchored = anchorInDocument(ws, input.documentId, input.fragments);
  const attributes = resolveAttributes(label, input.attributes);
  const entityId = input.entityId ?? null;
  const claimId = input.claimId ?? null;
  checkLinks(ws, label, entityId, claimId);
  const createdAt = input.createdAt ?? context.now;
  return {
    id: input.id ?? newId('ann'),
    document_id: input.documentId,
    label_id: label.id,
    start_offset: anchored.start_offset,
    end_offset: anchored.end_offset,
    fragments: encodeFragments(anchored.fragments),
    quote: anchored.quote,
    prefix: anchored.prefix,
    suffix: anchored.suffix,
    attributes: JSON.stringify(attributes),
    author: input.author ?? context.author,
    status: input.status ?? 'accepted',
    note: input.note ?? '',
    entity_id: entityId,
    claim_id: claimId,
    created_at: createdAt,
    updated_at: input.updatedAt ?? createdAt,
  };
}

/** Inside a mutation: inserts a row built by `annotationRow`, authored and timed by the transaction. */
function insertAnnotationRow(tx: Tx, row: AnnotationRow): Annotation {
  const inserted = tx.changes.insert('annotation', {
    ...row,
    author: tx.author,
    created_at: tx.now,
    updated_at: tx.now,
  });
  return rowToAnnotation(inserted as unknown as AnnotationRow);
}

export function createAnnotation(ws: Workspace, params: ParsedParamsOf<'annotations.create'>): Annotation {
  const label = getLabel(ws, params.labelId);
  // Validated before the transaction opens, so that invalid input never takes the write lock;
  // the author and time are the transaction's own.
  const row = annotationRow(ws, params, { author: '', now: '', label });
  return ws.mutate(
    'annotations.create',
    (a: Annotation) => `Tagged “${truncate(a.quote)}” as ${label.name}`,
    (tx) => insertAnnotationRow(tx, row),
  );
}

/** An item's error, named: "items.3: …", with its field under `items.3`. */
function inItem(error: unknown, index: number, field?: string): unknown {
  if (!(error instanceof ApiError)) return error;
  const where = `items.${index}`;
  const inner = field ?? (typeof error.details?.field === 'string' ? error.details.field : undefined);
  return new ApiError(error.code, `${where}: ${error.message}`, {
    ...error.details,
    field: inner ? `${where}.${inner}` : where,
  });
}

/** The history line of a batch: "Tagged 11 mentions of “Kerry” as Person", else "Tagged 11 spans". */
function batchSummary(created: readonly Annotation[], labels: ReadonlyMap<string, Label>): string {
  const first = created[0];
  const n = created.length;
  if (first && created.every((a) => a.labelId === first.labelId && a.quote === first.quote)) {
    const label = labels.get(first.labelId)?.name ?? first.labelId;
    return `Tagged ${n} mention${n === 1 ? '' : 's'} of “${truncate(first.quote)}” as ${label}`;
  }
  return `Tagged ${n} span${n === 1 ? '' : 's'}`;
}

/**
 * Creates many annotations as one change (one transaction, one history entry: one undo step),
 * each row built by `annotationRow` like `annotations.create`'s. Every item is checked before
 * anything is written; the first invalid one refuses the call, named `items.N`. With
 * `skipExisting`, an item whose fragments already carry its label (from before, or from an
 * earlier item) is not created but reported with the annotation that is there.
 * @throws ApiError `not_found`, `invalid_range`, `invalid_params` naming `items.N`
 */
export function createAnnotations(ws: Workspace, params: ParsedParamsOf<'annotations.createMany'>): CreateManyResult {
  const labels = new Map<string, Label>();
  const rows = params.items.map((item, index) => {
    let label = labels.get(item.labelId);
    if (!label) {
      try {
        label = getLabel(ws, item.labelId);
      } catch (error) {
        throw inItem(error, index, 'labelId');
      }
      labels.set(label.id, label);
    }
    try {
      return annotationRow(ws, item, { author: '', now: '', label });
    } catch (error) {
      throw inItem(error, index);
    }
  });
  const existing = prepare(
    ws.db,
    `SELECT id FROM annotation WHERE document_id = @document_id AND start_offset = @start_offset
      AND end_offset = @end_offset AND label_id = @label_id AND fragments = @fragments ORDER BY id LIMIT 1`,
  );
  return ws.mutate(
    'annotations.createMany',
    (result: CreateManyResult) => params.summary ?? batchSummary(result.annotations, labels),
    (tx) => {
      const result: CreateManyResult = { annotations: [], skipped: [] };
      for (const [index, row] of rows.entries()) {
        if (params.skipExisting) {
          // Inside the transaction: sees the annotations of earlier items too.
          const { document_id, start_offset, end_offset, label_id, fragments } = row;
          const found = existing.get({ document_id, start_offset, end_offset, label_id, fragments }) as
            { id: string } | undefined;
          if (found) {
            result.skipped.push({ index, annotationId: found.id });
            continue;
          }
        }
        result.annotations.push(insertAnnotationRow(tx, row));
      }
      return result;
    },
  );
}

export function updateAnnotation(ws: Workspace, params: ParsedParamsOf<'annotations.update'>): Annotation {
  const current = getAnnotation(ws, params.id);
  const label = getLabel(ws, params.labelId ?? current.labelId);
  const labelChanged = label.id !== current.labelId;
  const patch: Row = {};
  if (labelChanged) patch.label_id = label.id;
  if (params.fragments) {
    const anchored = anchorInDocument(ws, current.documentId, params.fragments);
    Object.assign(patch, { ...anchored, fragments: encodeFragments(anchored.fragments) });
  }
  if (params.attributes !== undefined || labelChanged) {
    patch.attributes = JSON.stringify(resolveAttributes(label, params.attributes, current.attributes));
  }
  // A new label keeps the links it can carry and drops the others.
  let entityId = params.entityId !== undefined ? params.entityId : current.entityId;
  let claimId = params.claimId !== undefined ? params.claimId : current.claimId;
  if (labelChanged && params.entityId === undefined && label.kind === 'claim') entityId = null;
  if (labelChanged && params.claimId === undefined && label.kind !== 'claim') claimId = null;
  checkLinks(ws, label, entityId, claimId);
  patch.entity_id = entityId;
  patch.claim_id = claimId;
  if (params.note !== undefined) patch.note = params.note;
  if (params.status !== undefined) patch.status = params.status;
  return ws.mutate('annotations.update', `Changed “${truncate(current.quote)}”`, (tx) => {
    const before = tx.changes.changes.length;
    let row = tx.changes.update('annotation', params.id, patch);
    if (tx.changes.changes.length > before) {
      row = tx.changes.update('annotation', params.id, { updated_at: tx.now });
    }
    return rowToAnnotation(row as unknown as AnnotationRow);
  });
}

/** Inside a mutation: deletes an annotation with its relations and notes. */
export function deleteAnnotationRows(ws: Workspace, tx: Tx, id: string): void {
  for (const relation of prepare(ws.db, 'SELECT id FROM relation WHERE from_id = @id OR to_id = @id').all({
    id,
  }) as Array<{ id: string }>) {
    tx.changes.delete('relation', relation.id);
  }
  deleteNotesOf(ws, tx, id);
  tx.changes.delete('annotation', id);
}

export function deleteAnnotation(ws: Workspace, id: string): { deleted: true } {
  const annotation = getAnnotation(ws, id);
  const label = getLabel(ws, annotation.labelId);
  ws.mutate('annotations.delete', `Deleted ${label.name} “${truncate(annotation.quote)}”`, (tx) =>
    deleteAnnotationRows(ws, tx, id),
  );
  return { deleted: true };
}
