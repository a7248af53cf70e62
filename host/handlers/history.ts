/** Handlers of `history.*`: the log, undo and redo. */
import { listHistory, redo, undo } from '../../db/history.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function historyHandlers({ ws }: HandlerContext): NamespaceHandlers<'history'> {
  return {
    'history.list': (p) => listHistory(ws, p.limit),
    'history.undo': () => undo(ws),
    'history.redo': () => redo(ws),
  };
}
