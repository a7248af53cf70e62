/** Handlers of `workspace.*`. */
import { workspaceStats } from '../../db/stats.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function workspaceHandlers({ ws }: HandlerContext): NamespaceHandlers<'workspace'> {
  return { 'workspace.stats': () => workspaceStats(ws) };
}
