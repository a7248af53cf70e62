/**
 * Entities: one person, organisation, country, place, group or outlet under all its names
 * (name + aliases), with an optional external id (e.g. a Wikidata QID). Mentions link to it
 * across documents. Shared behaviour (mentions, merge, delete) is in db/canonical.ts.
 */
import type { Entity, Mention } from '../common/domain.js';
import type { ParsedParamsOf } from '../common/contract.js';
import type { Row } from './changes.js';
import {
  ENTITY,
  deleteRecord,
  joinNotes,
  likePattern,
  mentionsOf,
  mergeRecords,
  recordRow,
  recordRows,
  updateRecord,
} from './canonical.js';
import { LIMITS } from '../common/contract/schema.js';
import { ApiError } from '../common/errors.js';
import { getAnnotation } from './annotations.js';
import { newId } from './ids.js';
import { getLabel } from './labels.js';
import { cleanAliases, rowToEntity, type EntityRow } from './rows.js';
import type { Workspace } from './workspace.js';

/** @throws ApiError `not_found` */
export function getEntity(ws: Workspace, id: string): Entity {
  return rowToEntity(recordRow<EntityRow>(ws, ENTITY, id));
}

/** Entities of a type and/or matching a query on name or alias; best matches first. */
export function listEntities(ws: Workspace, params: ParsedParamsOf<'entities.list'>): Entity[] {
  const query = params.query?.trim().toLowerCase() ?? '';
  const rows = recordRows<EntityRow>(
    ws,
    ENTITY,
    `WHERE (@type IS NULL OR r.type = @type)
       AND (@query = '' OR lower(r.name) LIKE @like ESCAPE '\\'
            OR EXISTS (SELECT 1 FROM json_each(r.aliases) j WHERE lower(j.value) LIKE @like ESCAPE '\\'))`,
    [{ type: params.type ?? null, query, like: likePattern(query) }],
  ).map(rowToEntity);
  // Exact name or alias first, then prefix, then substring; then by mentions.
  const score = (e: Entity): number => {
    if (!query) return 0;
    const names = [e.name, ...e.aliases].map((n) => n.toLowerCase());
    if (names.includes(query)) return 0;
    if (names.some((n) => n.startsWith(query))) return 1;
    return 2;
  };
  return rows.sort(
    (a, b) =>
      score(a) - score(b) ||
      b.mentionCount - a.mentionCount ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
}

export function createEntity(ws: Workspace, params: ParsedParamsOf<'entities.create'>): Entity {
  const aliases = cleanAliases(params.name, params.aliases ?? []);
  return ws.mutate('entities.create', `Created entity “${params.name}”`, (tx) =>
    rowToEntity(
      tx.changes.insert('entity', {
        id: newId('ent'),
        name: params.name,
        type: params.type ?? 'other',
        aliases: JSON.stringify(aliases),
        note: params.note ?? '',
        external_id: params.externalId ?? null,
        created_at: tx.now,
        updated_at: tx.now,
      }) as unknown as EntityRow,
    ),
  );
}

export function updateEntity(ws: Workspace, params: ParsedParamsOf<'entities.update'>): Entity {
  const current = getEntity(ws, params.id);
  const name = params.name ?? current.name;
  const patch: Row = { name };
  if (params.type !== undefined) patch.type = params.type;
  if (params.aliases !== undefined || params.name !== undefined) {
    patch.aliases = JSON.stringify(cleanAliases(name, params.aliases ?? current.aliases));
  }
  if (params.note !== undefined) patch.note = params.note;
  if (params.externalId !== undefined) patch.external_id = params.externalId;
  updateRecord(ws, ENTITY, params.id, patch, `Changed entity “${current.name}”`);
  return getEntity(ws, params.id);
}

/** Merges the source entity into the target: its names become the target's aliases. */
export function mergeEntities(ws: Workspace, params: ParsedParamsOf<'entities.merge'>): Entity {
  const target = getEntity(ws, params.targetId);
  const source = getEntity(ws, params.sourceId);
  mergeRecords(
    ws,
    ENTITY,
    target.id,
    source.id,
    {
      aliases: JSON.stringify(cleanAliases(target.name, [...target.aliases, source.name, ...source.aliases])),
      note: joinNotes(target.note, source.note),
      external_id: target.externalId ?? source.externalId,
    },
    `Merged entity “${source.name}” into “${target.name}”`,
  );
  return getEntity(ws, target.id);
}

/**
 * Moves one mention off to a new entity, in one undoable step: the entity is named `name` or
 * the mention's quote (white space collapsed), takes the type of the entity the mention was
 * linked to (`other` when it was unlinked), and the mention is relinked to it.
 * @throws ApiError `not_found`, `invalid_params` (a claim annotation, or a quote too long for a name)
 */
export function splitMention(ws: Workspace, params: ParsedParamsOf<'entities.splitMention'>): Entity {
  const annotation = getAnnotation(ws, params.annotationId);
  const label = getLabel(ws, annotation.labelId);
  if (label.kind === 'claim') {
    throw new ApiError('invalid_params', 'A claim annotation links to a claim, not an entity.', {
      field: 'annotationId',
    });
  }
  const name = params.name ?? annotation.quote.replace(/\s+/g, ' ').trim();
  if (!name || name.length > LIMITS.entityName) {
    throw new ApiError(
      'invalid_params',
      `An entity name has 1 to ${LIMITS.entityName} characters; give the new entity a shorter name.`,
      { field: 'name' },
    );
  }
  const type = annotation.entityId ? getEntity(ws, annotation.entityId).type : 'other';
  const from = annotation.entityId ? ` from “${getEntity(ws, annotation.entityId).name}”` : '';
  const id = ws.mutate('entities.splitMention', `Moved “${name}”${from} to a new entity`, (tx) => {
    const entityId = newId('ent');
    tx.changes.insert('entity', {
      id: entityId,
      name,
      type,
      aliases: '[]',
      note: '',
      external_id: null,
      created_at: tx.now,
      updated_at: tx.now,
    });
    tx.changes.update('annotation', annotation.id, { entity_id: entityId, updated_at: tx.now });
    return entityId;
  });
  return getEntity(ws, id);
}

export function deleteEntity(ws: Workspace, id: string): { deleted: true } {
  return deleteRecord(ws, ENTITY, id, `Deleted entity “${getEntity(ws, id).name}”`);
}

export function entityMentions(ws: Workspace, id: string): Mention[] {
  return mentionsOf(ws, ENTITY, id);
}
