/**
 * The `relations.*` methods of the API contract: typed links between two annotations, possibly
 * in different documents.
 */
import { z } from 'zod';
import type { Relation } from '../domain.js';
import { LIMITS, id, method, relationAttributes, relationType } from './schema.js';

/** The `relations.*` methods: wire name → params schema, description and result type. */
export const relationMethods = {
  'relations.create': method<Relation>()(
    z.strictObject({
      fromId: id,
      toId: id,
      type: relationType,
      /** E.g. `{stance: 'denied', cue: 'dismissed'}`: the attributed source's own stance and cue. */
      attributes: relationAttributes.optional(),
      note: z.string().max(LIMITS.note).optional(),
    }),
    'Links two annotations (possibly in different documents), e.g. claim attributed_to source; `attributes.stance` (asserted, reported, denied, questioned) and `attributes.cue` say how the source stands on the claim.',
  ),
  'relations.update': method<Relation>()(
    z.strictObject({
      id,
      attributes: relationAttributes.optional(),
      note: z.string().max(LIMITS.note).optional(),
    }),
    'Changes a relation (undoable); `attributes` replaces the whole attribute map.',
  ),
  'relations.delete': method<{ deleted: true }>()(z.strictObject({ id }), 'Removes a relation.'),
  'relations.list': method<Relation[]>()(
    z.strictObject({
      annotationId: id.optional(),
      documentId: id.optional(),
      type: relationType.optional(),
    }),
    'Relations touching an annotation (either end), or any annotation of a document.',
  ),
};
