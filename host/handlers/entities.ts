/** Handlers of `entities.*`. */
import {
  createEntity,
  deleteEntity,
  entityMentions,
  listEntities,
  mergeEntities,
  splitMention,
  updateEntity,
} from '../../db/entities.js';
import { entityIndex } from '../../db/entity-index.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function entityHandlers({ ws }: HandlerContext): NamespaceHandlers<'entities'> {
  return {
    'entities.list': (p) => listEntities(ws, p),
    'entities.create': (p) => createEntity(ws, p),
    'entities.update': (p) => updateEntity(ws, p),
    'entities.merge': (p) => mergeEntities(ws, p),
    'entities.splitMention': (p) => splitMention(ws, p),
    'entities.delete': (p) => deleteEntity(ws, p.id),
    'entities.mentions': (p) => entityMentions(ws, p.id),
    'entities.index': (p) => entityIndex(ws, p),
  };
}
