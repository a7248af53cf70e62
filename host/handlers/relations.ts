/** Handlers of `relations.*`. */
import { createRelation, deleteRelation, listRelations, updateRelation } from '../../db/relations.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function relationHandlers({ ws }: HandlerContext): NamespaceHandlers<'relations'> {
  return {
    'relations.create': (p) => createRelation(ws, p),
    'relations.update': (p) => updateRelation(ws, p),
    'relations.delete': (p) => deleteRelation(ws, p.id),
    'relations.list': (p) => listRelations(ws, p),
  };
}
