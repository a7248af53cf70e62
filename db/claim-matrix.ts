/**
 * The claims × documents matrix: which documents carry which claim, each mention with the
 * outlet's stance and the sources it is attributed to (each with its own stance and cue).
 *
 * Built from four set-based statements whatever the size of the matrix (columns, rows, the
 * mentions in them, the `attributed_to` sources of those mentions), never one query per cell;
 * the id lists travel as JSON arrays read by `json_each`, so that each statement is prepared once.
 */
import type { ParsedParamsOf } from '../common/contract.js';
import type {
  AnnotationStatus,
  ClaimMatrix,
  ClaimMatrixColumn,
  ClaimMatrixMention,
  ClaimMatrixRow,
  ClaimMatrixSource,
} from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import { prepare } from './connection.js';
import { listIn, mapIn } from './grouping.js';
import type { Workspace } from './workspace.js';

/** More cells than this are refused: the caller narrows the matrix with documentIds or claimIds. */
export const MATRIX_MAX_CELLS = 1_000_000;

/** The documents of the ids given (or every document), by publication date, then title, then id. */
function columnsOf(ws: Workspace, documentIds: string[] | undefined): ClaimMatrixColumn[] {
  const select = `SELECT d.id, d.title, d.outlet, d.published_at,
                         EXISTS (SELECT 1 FROM document_review v WHERE v.id = d.id) AS reviewed
                    FROM document d`;
  const order = 'ORDER BY d.published_at IS NULL, d.published_at, d.title, d.id';
  const rows = (
    documentIds === undefined
      ? prepare(ws.db, `${select} ${order}`).all()
      : prepare(ws.db, `${select} WHERE d.id IN (SELECT value FROM json_each(@ids)) ${order}`).all({
          ids: JSON.stringify(documentIds),
        })
  ) as Array<{ id: string; title: string; outlet: string | null; published_at: string | null; reviewed: number }>;
  if (documentIds !== undefined) refuseUnknown('document', 'documentIds', documentIds, rows);
  return rows.map((r) => ({
    documentId: r.id,
    title: r.title,
    outlet: r.outlet,
    publishedAt: r.published_at,
    reviewed: r.reviewed === 1,
  }));
}

/** @throws ApiError `not_found` naming the first id of `given` that `found` lacks. */
function refuseUnknown(kind: string, field: string, given: string[], found: ReadonlyArray<{ id: string }>): void {
  if (found.length === new Set(given).size) return;
  const known = new Set(found.map((r) => r.id));
  const missing = given.find((id) => !known.has(id));
  throw new ApiError('not_found', `No ${kind} with id ${missing}.`, { field });
}

/** The `annotation a` filter of a matrix: the claims of its rows, in the documents of its columns. */
function mentionFilter(claims: boolean, documents: boolean): string {
  return [
    claims ? 'a.claim_id IN (SELECT value FROM json_each(@claims))' : 'a.claim_id IS NOT NULL',
    ...(documents ? ['a.document_id IN (SELECT value FROM json_each(@documents))'] : []),
  ].join(' AND ');
}

/**
 * The claims × documents matrix (`claims.matrix`): columns are the documents given (default:
 * all) by publication date then title; rows are the claims given (default: every claim with a
 * mention in a column), oldest claim first (created in the same millisecond: in the order they
 * were written); every row has one cell per column, in column order. A mention's sources come
 * oldest relation first.
 * @throws ApiError `not_found` for an unknown document or claim id; `too_large` above `maxCells`
 *   cells (default {@link MATRIX_MAX_CELLS}).
 */
export function claimMatrix(
  ws: Workspace,
  params: ParsedParamsOf<'claims.matrix'>,
  maxCells = MATRIX_MAX_CELLS,
): ClaimMatrix {
  const columns = columnsOf(ws, params.documentIds);
  const bind = {
    claims: JSON.stringify(params.claimIds ?? []),
    documents: JSON.stringify(params.documentIds ?? []),
  };
  const filter = mentionFilter(params.claimIds !== undefined, params.documentIds !== undefined);

  const claims = (
    params.claimIds !== undefined
      ? prepare(
          ws.db,
          `SELECT id, summary FROM claim WHERE id IN (SELECT value FROM json_each(@claims)) ORDER BY created_at, rowid`,
        ).all(bind)
      : params.documentIds === undefined
        ? // Each claim probes its first mention: not a list of every mention's claim id.
          prepare(
            ws.db,
            `SELECT c.id, c.summary FROM claim c
              WHERE EXISTS (SELECT 1 FROM annotation a WHERE a.claim_id = c.id)
              ORDER BY c.created_at, c.rowid`,
          ).all(bind)
        : // The claim mentions of the columns, from annotation_claim_by_document alone.
          prepare(
            ws.db,
            `SELECT c.id, c.summary FROM claim c
              WHERE c.id IN (SELECT a.claim_id FROM annotation a WHERE ${filter})
              ORDER BY c.created_at, c.rowid`,
          ).all(bind)
  ) as Array<{ id: string; summary: string }>;
  if (params.claimIds !== undefined) refuseUnknown('claim', 'claimIds', params.claimIds, claims);
  if (claims.length * columns.length > maxCells) {
    throw new ApiError(
      'too_large',
      `The matrix would have ${claims.length} claims × ${columns.length} documents, more than ${maxCells.toLocaleString('en')} cells; choose documents (documentIds) or claims (claimIds).`,
    );
  }
  if (claims.length === 0 || columns.length === 0) {
    return { columns, rows: claims.map((c) => ({ claim: c, firstAppearance: null, cells: emptyCells(columns) })) };
  }

  const mentions = prepare(
    ws.db,
    `SELECT a.id, a.document_id, a.claim_id, a.quote, a.status, a.attributes ->> '$.stance' AS stance
       FROM annotation a WHERE ${filter}
      ORDER BY a.claim_id, a.start_offset, a.end_offset, a.id`,
  ).all(bind) as Array<{
    id: string;
    document_id: string;
    claim_id: string;
    quote: string;
    status: AnnotationStatus;
    stance: string | null;
  }>;
  // The sources of exactly the mentions read above: the filter again would let the planner walk
  // every annotation of the columns' documents even when a few claims' mentions are wanted.
  const sources = prepare(
    ws.db,
    `SELECT r.from_id, r.to_id, b.quote, b.entity_id, e.name AS entity_name,
            r.attributes ->> '$.stance' AS stance, r.attributes ->> '$.cue' AS cue
       FROM json_each(@mentions) m
       CROSS JOIN relation r ON r.from_id = m.value AND r.type = 'attributed_to'
       JOIN annotation b ON b.id = r.to_id
       LEFT JOIN entity e ON e.id = b.entity_id
      ORDER BY r.created_at, r.rowid`,
  ).all({ mentions: JSON.stringify(mentions.map((m) => m.id)) }) as Array<{
    from_id: string;
    to_id: string;
    quote: string;
    entity_id: string | null;
    entity_name: string | null;
    stance: string | null;
    cue: string | null;
  }>;

  const sourcesOf = new Map<string, ClaimMatrixSource[]>();
  for (const s of sources) {
    listIn(sourcesOf, s.from_id).push({
      annotationId: s.to_id,
      quote: s.quote,
      entityId: s.entity_id,
      entityName: s.entity_name,
      stance: s.stance,
      cue: s.cue,
    });
  }
  /** claim id → document id → mentions, in text order. */
  const cells = new Map<string, Map<string, ClaimMatrixMention[]>>();
  for (const m of mentions) {
    listIn(mapIn(cells, m.claim_id), m.document_id).push({
      annotationId: m.id,
      quote: m.quote,
      stance: m.stance,
      status: m.status,
      sources: sourcesOf.get(m.id) ?? [],
    });
  }
  const rows = claims.map((claim): ClaimMatrixRow => {
    const byDocument = cells.get(claim.id);
    // Columns are in date order, undated last: the first dated one with a mention came first.
    const first = columns.find((c) => c.publishedAt !== null && byDocument?.has(c.documentId));
    return {
      claim,
      firstAppearance: first ? { documentId: first.documentId, publishedAt: first.publishedAt as string } : null,
      cells: columns.map((c) => ({ documentId: c.documentId, mentions: byDocument?.get(c.documentId) ?? [] })),
    };
  });
  return { columns, rows };
}

function emptyCells(columns: readonly ClaimMatrixColumn[]): ClaimMatrixRow['cells'] {
  return columns.map((c) => ({ documentId: c.documentId, mentions: [] }));
}
