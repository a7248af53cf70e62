/** Handlers of `labels.*`: the tagset. */
import { createLabel, deleteLabel, listLabels, updateLabel } from '../../db/labels.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function labelHandlers({ ws }: HandlerContext): NamespaceHandlers<'labels'> {
  return {
    'labels.list': () => listLabels(ws),
    'labels.create': (p) => createLabel(ws, p),
    'labels.update': (p) => updateLabel(ws, p),
    'labels.delete': (p) => deleteLabel(ws, p.id),
  };
}
