/** Handlers of `history.*`: the log, undo and redo (the caller's own, or an entry named by id). */
import { listHistory, redo, undo } from '../../db/history.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function historyHandlers({ ws }: HandlerContext): NamespaceHandlers<'history'> {
  return {
    'history.list': (p) => listHistory(ws, p.limit),
    'history.undo': (p) => undo(ws, { entryId: p.entryId }),
    'history.redo': (p) => redo(ws, { entryId: p.entryId }),
  };
}
