/**
 * The `annotations.*` methods of the API contract: tagging fragments of a document with a label,
 * and changing, listing and deleting those annotations.
 */
import { z } from 'zod';
import type { Annotation } from '../domain.js';
import { LIMITS, attributes, fragments, id, method, status } from './schema.js';

/** What one new annotation is made of: the params of `annotations.create`, an item of `createMany`. */
const annotationInput = z.strictObject({
  documentId: id,
  labelId: id,
  fragments,
  attributes: attributes.optional(),
  note: z.string().max(LIMITS.note).optional(),
  status: status.optional(),
  entityId: id.nullable().optional(),
  claimId: id.nullable().optional(),
});

/** Annotations one `annotations.createMany` call may create. */
export const CREATE_MANY_MAX = 5000;

/** What `annotations.createMany` answers. */
export interface CreateManyResult {
  /** The annotations created, in the order of their items. */
  annotations: Annotation[];
  /** With `skipExisting`: the items not created, each with the annotation already there. */
  skipped: Array<{ index: number; annotationId: string }>;
}

/** The `annotations.*` methods: wire name → params schema, description and result type. */
export const annotationMethods = {
  'annotations.create': method<Annotation>()(
    annotationInput,
    'Tags one or more fragments of a document with a label. Fragments are UTF-16 offsets.',
  ),
  'annotations.createMany': method<CreateManyResult>()(
    z.strictObject({
      items: z.array(annotationInput).min(1).max(CREATE_MANY_MAX),
      /** What the history (and undo) calls the change; by default it says what was tagged. */
      summary: z.string().trim().min(1).max(200).optional(),
      /** Skip the items whose exact fragments already carry the same label (reported in `skipped`). */
      skipExisting: z.boolean().optional(),
    }),
    `Tags up to ${CREATE_MANY_MAX} spans at once (e.g. every search hit), each item checked like annotations.create, as one change that one undo reverts. An invalid item refuses the whole call, naming items.N; with skipExisting, items whose exact fragments already carry the label are skipped and reported.`,
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
