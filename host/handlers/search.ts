/** Handlers of `search.*`: full-text search over the corpus. */
import { searchWorkspace } from '../../db/search.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function searchHandlers({ ws }: HandlerContext): NamespaceHandlers<'search'> {
  return { 'search.query': (p) => searchWorkspace(ws, p) };
}
