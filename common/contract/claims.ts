/**
 * The `claims.*` methods of the API contract: canonical claims that annotations link to, with
 * their merges and mentions across the corpus.
 */
import { z } from 'zod';
import type { Claim, ClaimMatrix, Mention } from '../domain.js';
import { LIMITS, id, method, nonEmptyText } from './schema.js';

/** The `claims.*` methods: wire name → params schema, description and result type. */
export const claimMethods = {
  'claims.list': method<Claim[]>()(
    z.strictObject({ query: z.string().max(500).optional() }),
    'Canonical claims; `query` matches the summary.',
  ),
  'claims.create': method<Claim>()(
    z.strictObject({ summary: nonEmptyText(LIMITS.claimSummary), note: z.string().max(LIMITS.note).optional() }),
    'Creates a canonical claim.',
  ),
  'claims.update': method<Claim>()(
    z.strictObject({
      id,
      summary: nonEmptyText(LIMITS.claimSummary).optional(),
      note: z.string().max(LIMITS.note).optional(),
    }),
    'Changes a claim.',
  ),
  'claims.merge': method<Claim>()(
    z.strictObject({ targetId: id, sourceId: id }),
    'Moves every mention of `sourceId` to `targetId` and deletes the source. One undoable step.',
  ),
  'claims.delete': method<{ deleted: true }>()(z.strictObject({ id }), 'Deletes a claim; its mentions stay, unlinked.'),
  'claims.mentions': method<Mention[]>()(
    z.strictObject({ id }),
    'Every annotation linked to the claim, across the corpus, each with its stance attribute.',
  ),
  'claims.matrix': method<ClaimMatrix>()(
    z.strictObject({
      /** The columns: these documents (default: every document). */
      documentIds: z.array(id).max(100000).optional(),
      /** The rows: these claims (default: every claim mentioned in the columns' documents). */
      claimIds: z.array(id).max(100000).optional(),
    }),
    'The claims × documents matrix: columns by publication date then title, one row per claim with its first dated appearance and one cell per column holding its mentions there (stance, status) and the sources each is attributed to (with their own stance and cue).',
  ),
};
