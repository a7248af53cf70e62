/**
 * The `entities.*` methods of the API contract: canonical entities (people, organisations, ...)
 * that annotations link to, with their aliases, merges and mentions across the corpus.
 */
import { z } from 'zod';
import type { Entity, EntityIndexEntry, Mention } from '../domain.js';
import { LIMITS, entityType, id, method, nonEmptyText } from './schema.js';

/** The `entities.*` methods: wire name → params schema, description and result type. */
export const entityMethods = {
  'entities.list': method<Entity[]>()(
    z.strictObject({ query: z.string().max(500).optional(), type: entityType.optional() }),
    'Canonical entities; `query` matches names and aliases (case-insensitive prefix or substring).',
  ),
  'entities.create': method<Entity>()(
    z.strictObject({
      name: nonEmptyText(LIMITS.entityName),
      type: entityType.optional(),
      aliases: z.array(nonEmptyText(LIMITS.entityName)).max(LIMITS.aliases).optional(),
      note: z.string().max(LIMITS.note).optional(),
      externalId: z.string().max(LIMITS.externalId).nullable().optional(),
    }),
    'Creates a canonical entity (default type `other`).',
  ),
  'entities.update': method<Entity>()(
    z.strictObject({
      id,
      name: nonEmptyText(LIMITS.entityName).optional(),
      type: entityType.optional(),
      aliases: z.array(nonEmptyText(LIMITS.entityName)).max(LIMITS.aliases).optional(),
      note: z.string().max(LIMITS.note).optional(),
      externalId: z.string().max(LIMITS.externalId).nullable().optional(),
    }),
    'Changes an entity; `aliases` replaces the alias list.',
  ),
  'entities.merge': method<Entity>()(
    z.strictObject({ targetId: id, sourceId: id }),
    'Moves every mention of `sourceId` to `targetId`, keeps both names as aliases, deletes the source. One undoable step.',
  ),
  'entities.splitMention': method<Entity>()(
    z.strictObject({ annotationId: id, name: nonEmptyText(LIMITS.entityName).optional() }),
    'Moves one mention off to a new entity: named `name` (default: the mention’s quote), of the type of the entity it was linked to. One undoable step.',
  ),
  'entities.delete': method<{ deleted: true }>()(
    z.strictObject({ id }),
    'Deletes an entity; its mentions stay, unlinked.',
  ),
  'entities.mentions': method<Mention[]>()(
    z.strictObject({ id }),
    'Every annotation linked to the entity, across the corpus.',
  ),
  'entities.index': method<EntityIndexEntry[]>()(
    z.strictObject({
      query: z.string().max(500).optional(),
      type: entityType.optional(),
      /** At most this many entries (default: every entity): the first page of the index. */
      limit: z.number().int().min(1).max(10000).optional(),
      /** Entries skipped before the page (default 0). */
      offset: z.number().int().min(0).optional(),
      /** Only these entities (e.g. the one a view shows); unknown ids are left out. */
      ids: z.array(id).max(1000).optional(),
    }),
    'The entity index: each entity with its mention count and, per document, how often and under which names it is mentioned there; most mentioned first. `query` matches a name or alias (case-insensitive substring). `ids` keeps only those entities. `limit` / `offset` give one page of it (each entry in full): over a large corpus the whole index is every entity × every document it is mentioned in.',
  ),
};
