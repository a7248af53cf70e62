/**
 * Claims: one canonical proposition (its summary) that claim mentions in several documents
 * link to, each mention with its own stance. Shared behaviour (mentions, merge, delete) is in
 * db/canonical.ts.
 */
import type { Claim, Mention } from '../common/domain.js';
import type { ParsedParamsOf } from '../common/contract.js';
import type { Row } from './changes.js';
import {
  CLAIM,
  deleteRecord,
  joinNotes,
  likePattern,
  mentionsOf,
  mergeRecords,
  recordRow,
  recordRows,
  updateRecord,
} from './canonical.js';
import { newId } from './ids.js';
import { rowToClaim, type ClaimRow } from './rows.js';
import { truncate } from './summaries.js';
import type { Workspace } from './workspace.js';

/** @throws ApiError `not_found` */
export function getClaim(ws: Workspace, id: string): Claim {
  return rowToClaim(recordRow<ClaimRow>(ws, CLAIM, id));
}

/** Every claim, or those whose summary contains `query`, oldest first. */
export function listClaims(ws: Workspace, query?: string): Claim[] {
  const q = query?.trim().toLowerCase() ?? '';
  return recordRows<ClaimRow>(
    ws,
    CLAIM,
    `WHERE @query = '' OR lower(r.summary) LIKE @like ESCAPE '\\' ORDER BY r.created_at, r.id`,
    [{ query: q, like: likePattern(q) }],
  ).map(rowToClaim);
}

export function createClaim(ws: Workspace, params: ParsedParamsOf<'claims.create'>): Claim {
  return ws.mutate('claims.create', `Created claim “${truncate(params.summary)}”`, (tx) =>
    rowToClaim(
      tx.changes.insert('claim', {
        id: newId('clm'),
        summary: params.summary,
        note: params.note ?? '',
        created_at: tx.now,
        updated_at: tx.now,
      }) as unknown as ClaimRow,
    ),
  );
}

export function updateClaim(ws: Workspace, params: ParsedParamsOf<'claims.update'>): Claim {
  const current = getClaim(ws, params.id);
  const patch: Row = {};
  if (params.summary !== undefined) patch.summary = params.summary;
  if (params.note !== undefined) patch.note = params.note;
  updateRecord(ws, CLAIM, params.id, patch, `Changed claim “${truncate(current.summary)}”`);
  return getClaim(ws, params.id);
}

/** Merges the source claim into the target: its mentions, notes and note move over. */
export function mergeClaims(ws: Workspace, params: ParsedParamsOf<'claims.merge'>): Claim {
  const target = getClaim(ws, params.targetId);
  const source = getClaim(ws, params.sourceId);
  mergeRecords(
    ws,
    CLAIM,
    target.id,
    source.id,
    { note: joinNotes(target.note, source.note) },
    `Merged claim “${truncate(source.summary)}” into “${truncate(target.summary)}”`,
  );
  return getClaim(ws, target.id);
}

export function deleteClaim(ws: Workspace, id: string): { deleted: true } {
  return deleteRecord(ws, CLAIM, id, `Deleted claim “${truncate(getClaim(ws, id).summary)}”`);
}

export function claimMentions(ws: Workspace, id: string): Mention[] {
  return mentionsOf(ws, CLAIM, id);
}
