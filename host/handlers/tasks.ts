/** Handlers of `tasks.*`: cancelling a running import or export. */
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function taskHandlers({ tasks }: HandlerContext): NamespaceHandlers<'tasks'> {
  return { 'tasks.cancel': (p) => ({ cancelled: tasks.cancel(p.taskId) }) };
}
