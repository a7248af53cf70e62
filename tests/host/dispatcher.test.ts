/**
 * The dispatcher: unknown methods, validation (nothing written on invalid params), error
 * payloads with stable codes, and that every contract method has a handler.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../common/contract.js';
import { ERROR_CODES } from '../../common/errors.js';
import { createHandlers } from '../../host/handlers/index.js';
import { openTestWorkspace, type TestWorkspace } from '../helpers.js';
import { workspaceStats } from '../../db/stats.js';

let t: TestWorkspace;
beforeEach(() => {
  t = openTestWorkspace();
});
afterEach(() => t.dispose());

describe('dispatcher', () => {
  it('has a handler for every method of the contract, and no other', () => {
    expect(Object.keys(createHandlers(t.ws)).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('refuses unknown methods with unknown_method', async () => {
    const reply = await t.dispatcher.dispatch('annotations.explode', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const proto = await t.dispatcher.dispatch('__proto__', {});
    expect(proto).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it.each([
    ['annotations.create', null],
    ['annotations.create', 'a string'],
    ['annotations.create', { documentId: 1, labelId: 'claim', fragments: [{ start: 0, end: 1 }] }],
    ['entities.create', { name: '   ' }],
    ['labels.create', { name: 'X', kind: 'mood' }],
    ['labels.create', { name: 'X', kind: 'entity', color: 'red' }],
    ['search.query', { query: '' }],
    ['history.undo', { extra: true }],
    ['history.undo', { entryId: 0 }],
    ['history.undo', { entryId: 1.5 }],
    ['history.undo', { entryId: '3' }],
    ['history.undo', { entryId: null }],
    ['history.redo', { entryId: -1 }],
    ['history.redo', { entryId: 3, force: true }],
    ['relations.create', { fromId: 'a', toId: 'b', type: 'attributed_to', attributes: { stance: 'claimed' } }],
    ['relations.create', { fromId: 'a', toId: 'b', type: 'attributed_to', attributes: { cue: 'x'.repeat(101) } }],
    ['relations.update', { attributes: {} }],
    ['relations.update', { id: 'rel_1', attributes: { Stance: 'asserted' } }],
    ['relations.update', { id: 'rel_1', attributes: { stance: 3 } }],
    ['documents.setReviewed', { id: 'doc_1', reviewed: 'yes' }],
    ['documents.setReviewed', { id: 'doc_1' }],
    ['claims.matrix', { documentIds: 'doc_1' }],
    ['claims.matrix', { claimIds: [''] }],
    ['claims.matrix', { rows: [] }],
    ['entities.index', { type: 'planet' }],
    ['sources.chains', {}],
    ['sources.chains', { claimId: 'clm_1', annotationId: 'ann_1' }],
  ])('refuses %s with %j as invalid_params, naming the field', async (method, params) => {
    const before = workspaceStats(t.ws);
    const reply = await t.dispatcher.dispatch(method, params);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe(
      method === 'annotations.create' && params === null ? 'invalid_params' : 'invalid_params',
    );
    expect(reply.error.message).toMatch(new RegExp(`^Invalid params for ${method.replace('.', '\\.')}: `));
    expect(workspaceStats(t.ws)).toEqual(before);
  });

  it('answers only codes from the stable list', async () => {
    const replies = await Promise.all([
      t.dispatcher.dispatch('documents.get', { id: 'nope' }),
      t.dispatcher.dispatch('history.redo', {}),
      t.dispatcher.dispatch('x', {}),
    ]);
    for (const reply of replies) {
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(ERROR_CODES).toContain(reply.error.code);
    }
  });

  it('treats missing params as an empty object', async () => {
    const reply = await t.dispatcher.dispatch('labels.list', undefined);
    expect(reply.ok).toBe(true);
  });
});
