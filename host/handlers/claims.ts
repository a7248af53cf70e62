/** Handlers of `claims.*`. */
import { claimMatrix } from '../../db/claim-matrix.js';
import { claimMentions, createClaim, deleteClaim, listClaims, mergeClaims, updateClaim } from '../../db/claims.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function claimHandlers({ ws }: HandlerContext): NamespaceHandlers<'claims'> {
  return {
    'claims.list': (p) => listClaims(ws, p.query),
    'claims.create': (p) => createClaim(ws, p),
    'claims.update': (p) => updateClaim(ws, p),
    'claims.merge': (p) => mergeClaims(ws, p),
    'claims.delete': (p) => deleteClaim(ws, p.id),
    'claims.mentions': (p) => claimMentions(ws, p.id),
    'claims.matrix': (p) => claimMatrix(ws, p),
  };
}
