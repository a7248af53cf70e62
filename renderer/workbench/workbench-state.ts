/**
 * The person's state in the workbench, as one pure reducer (used with `useReducer`): the open
 * document, the selected annotation, "pick a target" mode with its candidate (the annotation
 * Tab has moved to, which Enter picks), an annotation to select once its document has loaded,
 * where the last click was (a second click on the same spot cycles through stacked
 * annotations) and the reader's current text selection.
 *
 * Everything that calls the API or touches the reader stays outside: the reducer only says how
 * the state moves, so it is tested as plain data.
 */
import type { Fragment } from '../../common/domain.js';
import type { ViewName } from '../../common/views.js';
import { initialCompareState, type CompareFocus, type CompareState } from '../views/compare-model.js';

/** "Pick a target" mode: a relation of `type` from `fromId` waits for the annotation it goes to. */
export interface PickMode {
  fromId: string;
  fromDocumentId: string;
  /** The quote of the annotation picking, for the banner. */
  fromName: string;
  type: string;
}

export interface WorkbenchState {
  /** The view on show: Read, or one of the views across the articles. */
  view: ViewName;
  documentId: string | null;
  /** True once a document was reopened from the settings or chosen by the person. */
  restored: boolean;
  selectedId: string | null;
  pick: PickMode | null;
  candidateId: string | null;
  /** An annotation to select (or, in pick mode, to pick) once the open document has it. */
  pendingSelectId: string | null;
  /** A passage to select in the text once the open document shows (e.g. a search hit). */
  pendingRange: Fragment | null;
  /** The text offset of the last click that selected an annotation. */
  lastClickOffset: number | null;
  textSelection: Fragment | null;
  /** The side-by-side view's columns and highlighted claim or entity (kept across views). */
  compare: CompareState;
}

export const initialWorkbenchState: WorkbenchState = {
  view: 'read',
  documentId: null,
  restored: false,
  selectedId: null,
  pick: null,
  candidateId: null,
  pendingSelectId: null,
  pendingRange: null,
  lastClickOffset: null,
  textSelection: null,
  compare: initialCompareState,
};

export type WorkbenchAction =
  /** Reopen the last (or first) document at start, unless one was opened already. */
  | { type: 'restore'; documentId: string | null }
  /** Open a document (and select `annotationId`, or the text of `range`, in it once loaded). */
  | { type: 'open-document'; documentId: string; annotationId?: string | null; range?: Fragment | null }
  | { type: 'select'; id: string | null }
  /** A click in the text selected `id` at `offset` (null `id`: a click on plain text). */
  | { type: 'click'; id: string | null; offset: number }
  /** A tag made optimistically as `pendingId` was stored as `id` (null: it failed). */
  | { type: 'resolve-pending'; pendingId: string; id: string | null }
  /** These annotations are gone: unselect them, drop them as candidates. */
  | { type: 'forget'; ids: readonly string[] }
  | { type: 'start-pick'; pick: PickMode }
  /** Leave pick mode (cancelled or done). */
  | { type: 'end-pick' }
  | { type: 'set-candidate'; id: string | null }
  | { type: 'pending-select-done' }
  | { type: 'pending-range-done' }
  | { type: 'text-selection'; selection: Fragment | null }
  | { type: 'set-view'; view: ViewName }
  /**
   * Change the side-by-side view's columns and/or highlighted claim or entity (what is not
   * given stays), and show it when `show`.
   */
  | { type: 'compare'; documentIds?: readonly string[]; focus?: CompareFocus | null; show?: boolean };

export function workbenchReducer(state: WorkbenchState, action: WorkbenchAction): WorkbenchState {
  switch (action.type) {
    case 'restore':
      if (state.restored) return state;
      return { ...state, restored: true, documentId: action.documentId ?? state.documentId };
    case 'open-document': {
      // A document opens in the Read view, whichever view asked for it.
      const next = {
        ...state,
        view: 'read' as const,
        restored: true,
        pendingSelectId: action.annotationId ?? null,
        pendingRange: action.range ?? null,
      };
      if (action.documentId === state.documentId) return next;
      return { ...next, documentId: action.documentId, selectedId: null, candidateId: null, textSelection: null };
    }
    case 'select':
      return state.selectedId === action.id ? state : { ...state, selectedId: action.id };
    case 'click':
      return { ...state, selectedId: action.id, lastClickOffset: action.id === null ? null : action.offset };
    case 'resolve-pending':
      return state.selectedId === action.pendingId ? { ...state, selectedId: action.id } : state;
    case 'forget': {
      const selectedGone = state.selectedId !== null && action.ids.includes(state.selectedId);
      const candidateGone = state.candidateId !== null && action.ids.includes(state.candidateId);
      if (!selectedGone && !candidateGone) return state;
      return {
        ...state,
        selectedId: selectedGone ? null : state.selectedId,
        candidateId: candidateGone ? null : state.candidateId,
      };
    }
    case 'start-pick':
      return { ...state, pick: action.pick, candidateId: null };
    case 'end-pick':
      return state.pick === null && state.candidateId === null ? state : { ...state, pick: null, candidateId: null };
    case 'set-candidate':
      return { ...state, candidateId: action.id };
    case 'pending-select-done':
      return state.pendingSelectId === null ? state : { ...state, pendingSelectId: null };
    case 'pending-range-done':
      return state.pendingRange === null ? state : { ...state, pendingRange: null };
    case 'text-selection':
      return { ...state, textSelection: action.selection };
    case 'set-view':
      return state.view === action.view ? state : { ...state, view: action.view };
    case 'compare': {
      const compare: CompareState = {
        documentIds: action.documentIds ? [...action.documentIds] : state.compare.documentIds,
        focus: action.focus === undefined ? state.compare.focus : action.focus,
      };
      return { ...state, compare, view: action.show ? 'compare' : state.view };
    }
  }
}

/**
 * Which of the annotations under a click to select: the innermost (`ids[0]`), unless the click
 * is on the same spot as the last one and the selected annotation is among them, in which case
 * the next one outward (wrapping round). Null for a click on plain text.
 */
export function clickTarget(state: WorkbenchState, ids: readonly string[], offset: number): string | null {
  const first = ids[0];
  if (first === undefined) return null;
  const selected = state.selectedId;
  if (state.lastClickOffset === offset && selected !== null && ids.includes(selected)) {
    return ids[(ids.indexOf(selected) + 1) % ids.length] ?? first;
  }
  return first;
}
