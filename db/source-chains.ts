/**
 * Attribution chains: from a claim mention to the sources it is attributed to
 * (`attributed_to`), then from source to source along `cites` (an outlet citing an agency citing
 * an anonymous official), across documents, to the end of each path.
 *
 * Three statements whatever the graph: the claim check, its mentions, and every relation the
 * walk can use, gathered by one recursive query (at most {@link MAX_DEPTH} steps from a mention).
 * The paths themselves are walked in memory: a path that comes back to an annotation already on
 * it is cut there and the annotation reported in `cycles`; a path longer than
 * {@link MAX_DEPTH} steps, or more than {@link MAX_CHAINS} paths from one mention, are cut and
 * the result marked `truncated`.
 */
import type { ParsedParamsOf } from '../common/contract.js';
import type { SourceChainStep, SourceChains } from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import { prepare } from './connection.js';
import { listIn } from './grouping.js';
import type { Workspace } from './workspace.js';

/** Steps in one chain at most. */
export const MAX_DEPTH = 20;
/** Chains listed for one mention at most. */
export const MAX_CHAINS = 1000;

interface MentionRow {
  id: string;
  document_id: string;
  quote: string;
  stance: string | null;
}

interface EdgeRow {
  from_id: string;
  to_id: string;
  type: 'attributed_to' | 'cites';
  document_id: string;
  quote: string;
  entity_id: string | null;
  entity_name: string | null;
  stance: string | null;
  cue: string | null;
}

const MENTION_COLUMNS = `a.id, a.document_id, a.quote, a.attributes ->> '$.stance' AS stance`;

/** The claim's mentions in publication order, then by position; or the one annotation. */
function mentionsOf(ws: Workspace, params: ParsedParamsOf<'sources.chains'>): MentionRow[] {
  if (params.annotationId !== undefined) {
    const row = prepare(ws.db, `SELECT ${MENTION_COLUMNS} FROM annotation a WHERE a.id = ?`).get(
      params.annotationId,
    ) as MentionRow | undefined;
    if (!row)
      throw new ApiError('not_found', `No annotation with id ${params.annotationId}.`, { field: 'annotationId' });
    return [row];
  }
  const claimId = params.claimId as string;
  if (!prepare(ws.db, 'SELECT 1 FROM claim WHERE id = ?').get(claimId)) {
    throw new ApiError('not_found', `No claim with id ${claimId}.`, { field: 'claimId' });
  }
  return prepare(
    ws.db,
    `SELECT ${MENTION_COLUMNS} FROM annotation a JOIN document d ON d.id = a.document_id
      WHERE a.claim_id = ?
      ORDER BY d.published_at IS NULL, d.published_at, d.title, d.id, a.start_offset, a.end_offset, a.id`,
  ).all(claimId) as MentionRow[];
}

/**
 * Every relation a walk from `mentionIds` can take: their `attributed_to` relations, and the
 * `cites` relations of every source within {@link MAX_DEPTH} steps; each with the annotation it
 * leads to. Oldest relation first.
 */
function edgesFrom(ws: Workspace, mentionIds: string[]): EdgeRow[] {
  const target = `b.document_id, b.quote, b.entity_id, e.name AS entity_name,
                  r.attributes ->> '$.stance' AS stance, r.attributes ->> '$.cue' AS cue`;
  return prepare(
    ws.db,
    `WITH RECURSIVE
       start(id) AS (SELECT value FROM json_each(@mentions)),
       reach(id, depth) AS (
         SELECT r.to_id, 1 FROM start s JOIN relation r ON r.from_id = s.id AND r.type = 'attributed_to'
         UNION
         SELECT r.to_id, reach.depth + 1 FROM reach JOIN relation r ON r.from_id = reach.id AND r.type = 'cites'
          WHERE reach.depth < @depth
       ),
       heads(id) AS MATERIALIZED (SELECT DISTINCT id FROM reach)
     -- CROSS JOIN keeps the walk's few annotations as the outer loop: relations by their head.
     SELECT * FROM (
       SELECT r.created_at, r.rowid AS seq, r.from_id, r.to_id, r.type, ${target}
         FROM start s CROSS JOIN relation r ON r.from_id = s.id AND r.type = 'attributed_to'
         JOIN annotation b ON b.id = r.to_id LEFT JOIN entity e ON e.id = b.entity_id
       UNION ALL
       SELECT r.created_at, r.rowid AS seq, r.from_id, r.to_id, r.type, ${target}
         FROM heads h CROSS JOIN relation r ON r.from_id = h.id AND r.type = 'cites'
         JOIN annotation b ON b.id = r.to_id LEFT JOIN entity e ON e.id = b.entity_id)
     ORDER BY created_at, seq`,
  ).all({ mentions: JSON.stringify(mentionIds), depth: MAX_DEPTH }) as EdgeRow[];
}

/**
 * The attribution chains of every mention of a claim, or of one annotation (`sources.chains`).
 * @throws ApiError `not_found` for an unknown claim or annotation.
 */
export function sourceChains(ws: Workspace, params: ParsedParamsOf<'sources.chains'>): SourceChains[] {
  const mentions = mentionsOf(ws, params);
  if (mentions.length === 0) return [];
  const attributions = new Map<string, EdgeRow[]>();
  const citations = new Map<string, EdgeRow[]>();
  for (const edge of edgesFrom(
    ws,
    mentions.map((m) => m.id),
  )) {
    listIn(edge.type === 'attributed_to' ? attributions : citations, edge.from_id).push(edge);
  }
  return mentions.map((mention) => walk(mention, attributions.get(mention.id) ?? [], citations));
}

function stepOf(edge: EdgeRow): SourceChainStep {
  return {
    annotationId: edge.to_id,
    documentId: edge.document_id,
    quote: edge.quote,
    entityId: edge.entity_id,
    entityName: edge.entity_name,
    relation: edge.type,
    stance: edge.stance,
    cue: edge.cue,
  };
}

/** Every path from one mention: its attributions, then citations to the end (see the module comment). */
function walk(mention: MentionRow, attributions: EdgeRow[], citations: Map<string, EdgeRow[]>): SourceChains {
  const chains: SourceChainStep[][] = [];
  const cycles = new Set<string>();
  let truncated = false;
  const onPath = new Set<string>([mention.id]);
  const path: SourceChainStep[] = [];
  /** Takes one relation from the end of the path; false when it leads back onto the path. */
  const follow = (edge: EdgeRow): boolean => {
    if (onPath.has(edge.to_id)) {
      cycles.add(edge.to_id);
      return false;
    }
    if (chains.length >= MAX_CHAINS) {
      truncated = true;
      return true;
    }
    path.push(stepOf(edge));
    onPath.add(edge.to_id);
    const next = citations.get(edge.to_id) ?? [];
    let extended = false;
    if (next.length > 0 && path.length >= MAX_DEPTH) truncated = true;
    else for (const citation of next) extended = follow(citation) || extended;
    // Nothing taken further (no citation, or each led back onto the path): the chain ends here.
    if (!extended) {
      if (chains.length < MAX_CHAINS) chains.push([...path]);
      else truncated = true;
    }
    onPath.delete(edge.to_id);
    path.pop();
    return true;
  };
  for (const edge of attributions) follow(edge);
  return {
    mention: {
      annotationId: mention.id,
      documentId: mention.document_id,
      quote: mention.quote,
      stance: mention.stance,
    },
    chains,
    cycles: [...cycles],
    truncated,
  };
}
