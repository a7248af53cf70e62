/**
 * The `labels.*` methods of the API contract: the tagset (label names, kinds, colours, keys and
 * the attributes their annotations carry).
 */
import { z } from 'zod';
import type { Label } from '../domain.js';
import { LABEL_KINDS } from '../domain.js';
import { LIMITS, attributeDefinition, color, empty, id, labelKey, labelName, method } from './schema.js';

/** The `labels.*` methods: wire name → params schema, description and result type. */
export const labelMethods = {
  'labels.list': method<Label[]>()(empty, 'The tagset, in palette order.'),
  'labels.create': method<Label>()(
    z.strictObject({
      name: labelName,
      kind: z.enum(LABEL_KINDS),
      subtype: z.string().max(LIMITS.labelSubtype).nullable().optional(),
      color: color.optional(),
      key: labelKey.optional(),
      attributes: z.array(attributeDefinition).max(LIMITS.labelAttributes).optional(),
    }),
    'Adds a label to the tagset. Names (compared in NFC, ignoring case) and keys are unique.',
  ),
  'labels.update': method<Label>()(
    z.strictObject({
      id,
      name: labelName.optional(),
      subtype: z.string().max(LIMITS.labelSubtype).nullable().optional(),
      color: color.optional(),
      key: labelKey.optional(),
      attributes: z.array(attributeDefinition).max(LIMITS.labelAttributes).optional(),
      position: z.number().int().min(0).optional(),
    }),
    'Changes a label. Its kind cannot be changed.',
  ),
  'labels.delete': method<{ deleted: true }>()(
    z.strictObject({ id }),
    'Removes a label; refused with `conflict` while annotations use it.',
  ),
};
