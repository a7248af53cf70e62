/**
 * The workbench's state reducer (renderer/workbench/workbench-state.ts): opening documents,
 * selecting, clicking through stacked annotations, optimistic tags, annotations that go away,
 * pick mode and its candidate, the annotation to select once a document has loaded.
 */
import { describe, expect, it } from 'vitest';
import {
  clickTarget,
  initialWorkbenchState,
  workbenchReducer,
  type PickMode,
  type WorkbenchAction,
  type WorkbenchState,
} from '../../renderer/workbench/workbench-state.js';

const run = (actions: WorkbenchAction[], from: WorkbenchState = initialWorkbenchState) =>
  actions.reduce(workbenchReducer, from);

const pick: PickMode = { fromId: 'claim1', fromDocumentId: 'd1', fromName: 'the claim', type: 'attributed_to' };

describe('workbenchReducer', () => {
  it('restores the last document once, and never over a document the person opened', () => {
    const restored = run([{ type: 'restore', documentId: 'd1' }]);
    expect(restored).toMatchObject({ documentId: 'd1', restored: true });
    expect(workbenchReducer(restored, { type: 'restore', documentId: 'd2' })).toBe(restored);
    const chosen = run([
      { type: 'open-document', documentId: 'd3' },
      { type: 'restore', documentId: 'd1' },
    ]);
    expect(chosen.documentId).toBe('d3');
    // An empty workspace: restored, nothing open.
    expect(run([{ type: 'restore', documentId: null }])).toMatchObject({ documentId: null, restored: true });
  });

  it('opening another document clears the selection, the candidate and the text selection, not pick mode', () => {
    const state = run([
      { type: 'open-document', documentId: 'd1' },
      { type: 'select', id: 'a1' },
      { type: 'text-selection', selection: { start: 1, end: 4 } },
      { type: 'start-pick', pick },
      { type: 'set-candidate', id: 'a2' },
      { type: 'open-document', documentId: 'd2', annotationId: 'b1' },
    ]);
    expect(state).toMatchObject({
      documentId: 'd2',
      selectedId: null,
      candidateId: null,
      textSelection: null,
      pick,
      pendingSelectId: 'b1',
    });
  });

  it('opening the same document keeps the selection and asks for the annotation', () => {
    const state = run([
      { type: 'open-document', documentId: 'd1' },
      { type: 'select', id: 'a1' },
      { type: 'open-document', documentId: 'd1', annotationId: 'a2' },
    ]);
    expect(state).toMatchObject({ documentId: 'd1', selectedId: 'a1', pendingSelectId: 'a2' });
    expect(run([{ type: 'pending-select-done' }], state).pendingSelectId).toBeNull();
  });

  it('returns the same state when nothing changes', () => {
    const state = run([{ type: 'select', id: 'a1' }]);
    expect(workbenchReducer(state, { type: 'select', id: 'a1' })).toBe(state);
    expect(workbenchReducer(state, { type: 'forget', ids: ['zz'] })).toBe(state);
    expect(workbenchReducer(state, { type: 'end-pick' })).toBe(state);
    expect(workbenchReducer(state, { type: 'pending-select-done' })).toBe(state);
    expect(workbenchReducer(state, { type: 'resolve-pending', pendingId: 'pending:1', id: 'a9' })).toBe(state);
  });

  it('an optimistic tag stays selected as its stored self, or is unselected when it failed', () => {
    const pending = run([{ type: 'select', id: 'pending:1' }]);
    expect(run([{ type: 'resolve-pending', pendingId: 'pending:1', id: 'a7' }], pending).selectedId).toBe('a7');
    expect(run([{ type: 'resolve-pending', pendingId: 'pending:1', id: null }], pending).selectedId).toBeNull();
    // The person selected something else meanwhile: that stays.
    const moved = run([{ type: 'select', id: 'a2' }], pending);
    expect(run([{ type: 'resolve-pending', pendingId: 'pending:1', id: 'a7' }], moved).selectedId).toBe('a2');
  });

  it('forgets annotations that went away, as selection and as candidate', () => {
    const state = run([
      { type: 'select', id: 'a1' },
      { type: 'start-pick', pick },
      { type: 'set-candidate', id: 'a2' },
      { type: 'forget', ids: ['a2'] },
    ]);
    expect(state).toMatchObject({ selectedId: 'a1', candidateId: null });
    expect(run([{ type: 'forget', ids: ['a1'] }], state).selectedId).toBeNull();
  });

  it('starts pick mode with no candidate and leaves it with none', () => {
    const state = run([
      { type: 'set-candidate', id: 'old' },
      { type: 'start-pick', pick },
    ]);
    expect(state).toMatchObject({ pick, candidateId: null });
    const moved = run([{ type: 'set-candidate', id: 'a3' }], state);
    expect(moved.candidateId).toBe('a3');
    expect(run([{ type: 'end-pick' }], moved)).toMatchObject({ pick: null, candidateId: null });
  });

  it('a click selects and remembers where; a click on plain text unselects and forgets', () => {
    const clicked = run([{ type: 'click', id: 'a1', offset: 10 }]);
    expect(clicked).toMatchObject({ selectedId: 'a1', lastClickOffset: 10 });
    expect(run([{ type: 'click', id: null, offset: -1 }], clicked)).toMatchObject({
      selectedId: null,
      lastClickOffset: null,
    });
  });
});

describe('clickTarget', () => {
  const stacked = ['inner', 'middle', 'outer'];

  it('selects the innermost annotation of a new spot, and nothing on plain text', () => {
    expect(clickTarget(initialWorkbenchState, stacked, 5)).toBe('inner');
    expect(clickTarget(initialWorkbenchState, [], 5)).toBeNull();
  });

  it('cycles outward on clicks on the same spot, wrapping round', () => {
    let state = initialWorkbenchState;
    const seen: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      const id = clickTarget(state, stacked, 5);
      seen.push(id);
      state = workbenchReducer(state, { type: 'click', id, offset: 5 });
    }
    expect(seen).toEqual(['inner', 'middle', 'outer', 'inner']);
  });

  it('starts again from the innermost at another spot, or when the selection is elsewhere', () => {
    const state = run([{ type: 'click', id: 'middle', offset: 5 }]);
    expect(clickTarget(state, stacked, 6)).toBe('inner');
    expect(clickTarget(run([{ type: 'select', id: 'unrelated' }], state), stacked, 5)).toBe('inner');
  });
});
