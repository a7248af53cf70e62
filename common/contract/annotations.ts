/**
 * The `annotations.*` methods of the API contract: tagging fragments of a document with a label,
 * and changing, listing and deleting those annotations.
 */
import { z } from 'zod';
import type { Annotation } from '../domain.js';
import { LIMITS, attributes, fragments, id, method, status } from './schema.js';

/** The `annotations.*` methods: wire name → params schema, description and result type. */
export const annotationMethods = {
  'annotations.create': method<Annotation>()(
    z.strictObject({
      documentId: id,
      labelId: id,
      fragments,
      attributes: attributes.optional(),
      note: z.string().max(LIMITS.note).optional(),
      status: status.optional(),
      entityId: id.nullable().optional(),
      claimId: id.nullable().optional(),
    }),
    'Tags one or more fragments of a document with a label. Fragments are UTF-16 offsets.',
  ),
  'annotations.update': method<Annotation>()(
    z.strictObject({
      id,
      labelId: id.optional(),
      fragments: fragments.optional(),
      attributes: attributes.optional(),
      note: z.string().max(LIMITS.note).optional(),
      status: status.optional(),
      entityId: id.nullable().optional(),
      claimId: id.nullable().optional(),
    }),
    'Changes an annotation; `attributes` replaces the whole attribute map; null unlinks.',
  ),
  'annotations.delete': method<{ deleted: true }>()(
    z.strictObject({ id }),
    'Deletes an annotation and the relations that touch it.',
  ),
  'annotations.get': method<Annotation>()(z.strictObject({ id }), 'One annotation.'),
  'annotations.list': method<Annotation[]>()(
    z.strictObject({
      documentId: id.optional(),
      labelId: id.optional(),
      entityId: id.optional(),
      claimId: id.optional(),
      status: status.optional(),
      limit: z.number().int().min(1).max(1000000).optional(),
      offset: z.number().int().min(0).optional(),
    }),
    'Annotations matching every filter given, ordered by document then start offset.',
  ),
};
