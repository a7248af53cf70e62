/**
 * The `sources.*` methods of the API contract: who claims are attributed to, and whom those
 * sources cite, across documents.
 */
import { z } from 'zod';
import type { SourceChains } from '../domain.js';
import { id, method } from './schema.js';

/** The `sources.*` methods: wire name → params schema, description and result type. */
export const sourceMethods = {
  'sources.chains': method<SourceChains[]>()(
    z
      .strictObject({ claimId: id.optional(), annotationId: id.optional() })
      .refine((p) => (p.claimId === undefined) !== (p.annotationId === undefined), {
        message: 'give exactly one of claimId (every mention of a claim) or annotationId (one claim mention)',
        path: ['claimId'],
      }),
    'The attribution chains of each mention of a claim (or of one claim mention): attributed_to from the mention to its sources, then cites from source to source, to the end; a path that comes back on itself is cut and reported in `cycles`; at most 20 steps.',
  ),
};
