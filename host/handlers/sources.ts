/** Handlers of `sources.*`: attribution chains across documents. */
import { sourceChains } from '../../db/source-chains.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function sourceHandlers({ ws }: HandlerContext): NamespaceHandlers<'sources'> {
  return { 'sources.chains': (p) => sourceChains(ws, p) };
}
