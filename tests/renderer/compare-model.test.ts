import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../common/domain.js';
import {
  focusKey,
  focusMentions,
  focusOfClick,
  parseFocusKey,
  resolveColumns,
  stepMention,
} from '../../renderer/views/compare-model.js';
import { initialWorkbenchState, workbenchReducer } from '../../renderer/workbench/workbench-state.js';

function annotation(id: string, start: number, links: { entityId?: string; claimId?: string } = {}): Annotation {
  return {
    id,
    documentId: 'd',
    labelId: 'person',
    fragments: [{ start, end: start + 3 }],
    quote: 'abc',
    prefix: '',
    suffix: '',
    attributes: {},
    author: 'a',
    status: 'accepted',
    note: '',
    entityId: links.entityId ?? null,
    claimId: links.claimId ?? null,
    createdAt: '',
    updatedAt: '',
  };
}

describe('resolveColumns', () => {
  const corpus = ['a', 'b', 'c', 'd'];
  it('keeps the wanted documents that exist, once each, at most three', () => {
    expect(resolveColumns(['b', 'b', 'x', 'c', 'd', 'a'], corpus, null)).toEqual(['b', 'c', 'd']);
  });
  it('fills up to two with the open document, then the corpus order', () => {
    expect(resolveColumns([], corpus, 'c')).toEqual(['c', 'a']);
    expect(resolveColumns(['d'], corpus, null)).toEqual(['d', 'a']);
    expect(resolveColumns(['gone'], corpus, 'gone')).toEqual(['a', 'b']);
  });
  it('shows what there is in a corpus of one or none', () => {
    expect(resolveColumns([], ['a'], 'a')).toEqual(['a']);
    expect(resolveColumns(['a'], [], null)).toEqual([]);
  });
});

describe('focusMentions', () => {
  const list = [
    annotation('x3', 30, { entityId: 'e1' }),
    annotation('x1', 10, { entityId: 'e1' }),
    annotation('x2', 20, { entityId: 'e2', claimId: 'c1' }),
    annotation('x0', 10, { entityId: 'e1' }),
  ];
  it('lists the mentions of an entity or a claim in reading order', () => {
    expect(focusMentions(list, { kind: 'entity', id: 'e1' }).map((a) => a.id)).toEqual(['x0', 'x1', 'x3']);
    expect(focusMentions(list, { kind: 'claim', id: 'c1' }).map((a) => a.id)).toEqual(['x2']);
    expect(focusMentions(list, { kind: 'claim', id: 'e1' })).toEqual([]);
    expect(focusMentions(list, null)).toEqual([]);
  });
  it('a click asks for the innermost linked annotation, its claim before its entity', () => {
    expect(focusOfClick([annotation('u', 0), list[2], list[0]])).toEqual({ kind: 'claim', id: 'c1' });
    expect(focusOfClick([undefined, list[0]])).toEqual({ kind: 'entity', id: 'e1' });
    expect(focusOfClick([annotation('u', 0)])).toBeNull();
  });
});

describe('stepMention and focus keys', () => {
  it('steps forward and back, wrapping round, from nowhere to the first or last', () => {
    expect(stepMention(3, -1, 'next')).toBe(0);
    expect(stepMention(3, -1, 'previous')).toBe(2);
    expect(stepMention(3, 2, 'next')).toBe(0);
    expect(stepMention(3, 0, 'previous')).toBe(2);
    expect(stepMention(0, -1, 'next')).toBe(-1);
  });
  it('round-trips a focus through a select value and refuses anything else', () => {
    expect(parseFocusKey(focusKey({ kind: 'entity', id: 'ent_1:2' }))).toEqual({ kind: 'entity', id: 'ent_1:2' });
    expect(parseFocusKey('')).toBeNull();
    expect(parseFocusKey('label:x')).toBeNull();
    expect(parseFocusKey('claim:')).toBeNull();
  });
});

describe('the workbench state of the side-by-side view', () => {
  it('changes what is given, keeps the rest, and shows the view only when asked', () => {
    let state = workbenchReducer(initialWorkbenchState, { type: 'compare', documentIds: ['a', 'b'] });
    expect(state.view).toBe('read');
    expect(state.compare).toEqual({ documentIds: ['a', 'b'], focus: null });
    state = workbenchReducer(state, { type: 'compare', focus: { kind: 'claim', id: 'c' }, show: true });
    expect(state.view).toBe('compare');
    expect(state.compare).toEqual({ documentIds: ['a', 'b'], focus: { kind: 'claim', id: 'c' } });
    // Opening a document (e.g. from a column) goes to Read and keeps the columns for later.
    state = workbenchReducer(state, { type: 'open-document', documentId: 'b' });
    expect(state.view).toBe('read');
    expect(state.compare.documentIds).toEqual(['a', 'b']);
    state = workbenchReducer(state, { type: 'compare', focus: null });
    expect(state.compare.focus).toBeNull();
  });
});

describe('opening a passage', () => {
  it('asks for its selection once the document shows, and forgets it when done', () => {
    let state = workbenchReducer(
      { ...initialWorkbenchState, view: 'search' },
      { type: 'open-document', documentId: 'd', range: { start: 3, end: 9 } },
    );
    expect(state).toMatchObject({ view: 'read', documentId: 'd', pendingRange: { start: 3, end: 9 } });
    state = workbenchReducer(state, { type: 'pending-range-done' });
    expect(state.pendingRange).toBeNull();
    // Opening a document without a passage asks for none.
    state = workbenchReducer(state, { type: 'open-document', documentId: 'e' });
    expect(state.pendingRange).toBeNull();
  });
});
