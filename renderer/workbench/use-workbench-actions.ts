/**
 * What the person can do in the workbench, as plain functions over the state of this render:
 * tag, relabel, add a fragment, delete, undo and redo (all through the API), select and
 * navigate annotations, pick the target of a relation, open documents and dialogs, move the
 * focus between regions. Commands (commands/workbench-commands.ts), reader gestures and panel
 * buttons all call these, so each gesture's logic exists once.
 *
 * The functions are made anew on every render and read that render's state; the keyboard
 * dispatcher and the reader reach the latest ones through effect events (`useEffectEvent`),
 * so a key press or a gesture always acts on the state the person sees. What an awaited API
 * call changes afterwards goes through reducer actions that check the state they find then
 * (e.g. `resolve-pending`), not through the state the call started from.
 */
import { startTransition, type Dispatch, type RefObject } from 'react';
import type { Fragment } from '../../common/domain.js';
import { ApiError } from '../../common/errors.js';
import { isNotOwnDetails } from '../../common/history.js';
import { fragmentToTag } from '../../common/text.js';
import { useApi } from '../api/api-context.js';
import { useLabels, useSettings } from '../data/workspace-data.js';
import type { ReaderController } from '../reader/reader-controller.js';
import { isPendingId, type DocumentSession } from '../session/document-session.js';
import { useAnnounce } from '../ui/announcer.js';
import { useNotifier } from '../ui/toasts.js';
import type { AnnotationListHandle } from './annotation-list.js';
import type { Where } from './commands/key-scope.js';
import { annotationName, relationTypeName, truncate } from './format.js';
import { historyDoneMessage, notOwnChoice, type HistoryDirection } from './history-messages.js';
import type { Theme } from './theme.js';
import { clickTarget, type WorkbenchAction, type WorkbenchState } from './workbench-state.js';
import type { ViewName } from '../../common/views.js';

export type DialogName = 'import' | 'export' | 'help' | 'about';

/** The focus targets of Alt+1..4 (and "find"). */
export interface FocusTargets {
  filter: RefObject<HTMLInputElement | null>;
  inspectorHeading: RefObject<HTMLHeadingElement | null>;
  list: RefObject<AnnotationListHandle | null>;
}

export interface WorkbenchActionDeps {
  state: WorkbenchState;
  dispatch: Dispatch<WorkbenchAction>;
  session: DocumentSession | null;
  controller: ReaderController | null;
  effectiveTheme: Theme;
  openDialog: (name: DialogName) => void;
  /** Export report…: asks where, writes the comparison report (./report-export.tsx). */
  exportReport: () => Promise<void>;
  focusTargets: FocusTargets;
}

export type WorkbenchActions = ReturnType<typeof useWorkbenchActions>;

export function useWorkbenchActions(deps: WorkbenchActionDeps) {
  const api = useApi();
  const notifier = useNotifier();
  const announce = useAnnounce();
  const labels = useLabels();
  const settings = useSettings();
  const { state, dispatch, session, controller, focusTargets } = deps;
  const wordSnapping = settings.values?.wordSnapping !== false;
  const analyst = typeof settings.values?.analyst === 'string' ? settings.values.analyst : 'analyst';

  function nameOf(id: string): string | null {
    const annotation = session?.get(id);
    return annotation ? annotationName(annotation, labels.byId.get(annotation.labelId)) : null;
  }

  // --- Navigation ----------------------------------------------------------------------------

  function openDocument(id: string, annotationId?: string) {
    dispatch({ type: 'open-document', documentId: id, annotationId: annotationId ?? null });
  }

  /** Opens a document in Read with the text of `range` selected, ready for a label key. */
  function openRange(documentId: string, range: Fragment) {
    dispatch({ type: 'open-document', documentId, range });
  }

  function selectAnnotation(
    id: string | null,
    options: { reveal?: boolean; caret?: boolean; announce?: boolean } = {},
  ): void {
    dispatch({ type: 'select', id });
    const annotation = id ? session?.get(id) : undefined;
    if (!id || !session || !annotation) return;
    if (options.reveal) controller?.reveal(annotation.fragments);
    if (options.caret) controller?.setSelection(annotation.fragments[0]?.start ?? 0);
    if (options.announce) announce(`${nameOf(id)}, ${session.index.rankOf(id) + 1} of ${session.index.size}`);
  }

  /** A click in the text on these annotations (innermost first; none: plain text). */
  function clickAnnotations(ids: string[], offset: number) {
    if (state.pick) {
      if (ids[0]) void pickTarget(ids[0]);
      return;
    }
    const id = clickTarget(state, ids, offset);
    dispatch({ type: 'click', id, offset });
    if (id) selectAnnotation(id, { announce: true });
  }

  /** Selects an annotation of the open document, or picks it in pick mode. */
  function activateAnnotation(id: string) {
    if (state.pick) void pickTarget(id);
    else selectAnnotation(id, { reveal: true, caret: true });
  }

  /** Goes to an annotation of any document (mentions, relations). */
  function openAnnotation(documentId: string, annotationId: string) {
    // From a view across the articles, the passage shows in Read.
    if (state.view !== 'read') dispatch({ type: 'set-view', view: 'read' });
    if (documentId === state.documentId && session?.get(annotationId)) activateAnnotation(annotationId);
    else openDocument(documentId, annotationId);
  }

  /**
   * Tab / Shift+Tab in the text: the next or previous annotation from the selected one (or from
   * the caret); in pick mode, the next candidate. False when there is none (the focus leaves).
   */
  function navigate(direction: 1 | -1): boolean {
    if (!session || !controller) return false;
    const caret = controller.caretOffset();
    if (state.pick) return navigateCandidate(direction, caret);
    const index = session.index;
    const current = state.selectedId;
    const annotation = current ? session.get(current) : undefined;
    const first = annotation?.fragments[0];
    const last = annotation?.fragments[annotation.fragments.length - 1];
    let next: string | null;
    if (current && first && last && caret >= first.start && caret <= last.end) {
      next = direction > 0 ? index.next({ id: current }) : index.previous({ id: current });
    } else {
      next = direction > 0 ? index.next({ offset: caret }) : index.previous({ offset: caret + 1 });
      if (current && next === current && direction > 0) next = index.next({ id: current });
    }
    if (!next || !session.get(next)) return false;
    selectAnnotation(next, { reveal: true, caret: true, announce: true });
    return true;
  }

  /** Tab in pick mode: moves the candidate (wrapping around, skipping the annotation picking). */
  function navigateCandidate(direction: 1 | -1, caret: number): boolean {
    const pick = state.pick;
    if (!session || !pick) return false;
    const index = session.index;
    const order = index.ordered();
    const step = (id: string | null): string | null => {
      let next: string | null;
      if (id) next = direction > 0 ? index.next({ id }) : index.previous({ id });
      else next = direction > 0 ? index.next({ offset: caret }) : index.previous({ offset: caret + 1 });
      return next ?? (direction > 0 ? order[0] : order[order.length - 1]) ?? null;
    };
    const base = state.candidateId ?? (session.get(pick.fromId) ? pick.fromId : null);
    let next = step(base);
    if (next === pick.fromId) next = step(next);
    if (!next || next === pick.fromId) return true;
    const annotation = session.get(next);
    if (!annotation) return true;
    dispatch({ type: 'set-candidate', id: next });
    controller?.reveal(annotation.fragments);
    announce(`Candidate ${nameOf(next)}. Enter picks it.`);
    return true;
  }

  /** Enter in the text: picks the candidate in pick mode, else goes to the inspector. */
  function enter() {
    if (state.pick) {
      if (state.candidateId) void pickTarget(state.candidateId);
      return;
    }
    if (state.selectedId) focusTargets.inspectorHeading.current?.focus();
  }

  /** Esc: cancels pick mode, else unselects (and in the text collapses the text selection). */
  function escape(where: Where) {
    if (state.pick) {
      cancelPick();
      return;
    }
    dispatch({ type: 'select', id: null });
    if (where === 'text' && controller) controller.setSelection(controller.caretOffset());
  }

  /** Alt+1..4: the documents, the text, the inspector, the annotation list. */
  function focusRegion(region: 1 | 2 | 3 | 4) {
    if (region === 1) {
      const current = document.querySelector<HTMLElement>('.document-item[aria-current="page"]');
      (current ?? focusTargets.filter.current)?.focus();
    } else if (region === 2) controller?.focus();
    else if (region === 3) focusTargets.inspectorHeading.current?.focus();
    else focusTargets.list.current?.focus();
  }

  function find() {
    focusTargets.filter.current?.focus();
    focusTargets.filter.current?.select();
  }

  function toggleTheme() {
    settings.set('theme', deps.effectiveTheme === 'dark' ? 'light' : 'dark');
  }

  // --- Tagging and editing ---------------------------------------------------------------------

  async function createAnnotation(labelId: string, fragment: Fragment) {
    if (!session?.document) return;
    const label = labels.byId.get(labelId);
    // Painted now (the painter hears the session synchronously); the panels follow a frame later.
    const pendingId = session.addPending(labelId, [fragment], analyst);
    startTransition(() => dispatch({ type: 'select', id: pendingId }));
    const quote = truncate(session.document.text.slice(fragment.start, fragment.end), 60);
    try {
      const created = await api.call('annotations.create', {
        documentId: session.documentId,
        labelId,
        fragments: [fragment],
      });
      session.resolvePending(pendingId, created);
      dispatch({ type: 'resolve-pending', pendingId, id: created.id });
      announce(`Tagged “${quote}” as ${label?.name ?? 'label'}`);
    } catch (error) {
      session.resolvePending(pendingId, null);
      dispatch({ type: 'resolve-pending', pendingId, id: null });
      notifier.error(error, `Could not tag “${quote}”`);
    }
  }

  async function relabel(id: string, labelId: string) {
    const annotation = session?.get(id);
    if (!annotation || annotation.labelId === labelId) return;
    try {
      const updated = await api.call('annotations.update', { id, labelId });
      session?.apply(updated);
      announce(`Now ${labels.byId.get(labelId)?.name ?? 'relabelled'}: “${truncate(updated.quote, 60)}”`);
    } catch (error) {
      notifier.error(error);
    }
  }

  /** A label key or palette button: tags the text selection, or relabels the selected annotation. */
  function applyLabel(labelId: string) {
    if (!session?.document || !controller) return;
    const text = session.document.text;
    const selection = controller.selection();
    if (!selection) {
      if (state.selectedId && !isPendingId(state.selectedId)) void relabel(state.selectedId, labelId);
      else notifier.info('Select some text first, then press a label key.');
      return;
    }
    const fragment = fragmentToTag(text, selection, wordSnapping);
    if (!fragment) {
      notifier.info('The selection holds no text to tag.');
      return;
    }
    void createAnnotation(labelId, fragment); // the painter registers the pending tag now
    // Collapse the selection only after the frame that shows the tag: in a long document
    // ProseMirror's selectionToDOM costs 6-15 ms, and the selection it reports re-renders the
    // workbench synchronously, both inside the key press (measured by bench/renderer.ts).
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (controller.view.isDestroyed) return; // another document was opened meanwhile
        const now = controller.selection();
        if (now && now.start === selection.start && now.end === selection.end) controller.setSelection(fragment.end);
      }, 0),
    );
  }

  /** `+` or Alt+drag: adds the text selection as a fragment of the selected annotation. */
  async function addFragment() {
    const annotation = state.selectedId ? session?.get(state.selectedId) : undefined;
    if (!controller || !session?.document) return;
    const selection = controller.selection();
    if (!annotation || isPendingId(annotation.id)) {
      notifier.info('Select an annotation first, then select more text and press + (or Alt+drag) to add it.');
      return;
    }
    if (!selection) {
      notifier.info('Select the text to add to the annotation first.');
      return;
    }
    const fragment = fragmentToTag(session.document.text, selection, wordSnapping);
    if (!fragment) {
      notifier.info('The selection holds no text to add.');
      return;
    }
    controller.setSelection(fragment.end);
    try {
      const updated = await api.call('annotations.update', {
        id: annotation.id,
        fragments: [...annotation.fragments, fragment],
      });
      session.apply(updated);
      announce(`Added a fragment: ${updated.fragments.length} fragments`);
    } catch (error) {
      notifier.error(error, 'Could not add the fragment');
    }
  }

  async function deleteAnnotation(id: string) {
    const annotation = session?.get(id);
    if (!session || !annotation || isPendingId(id)) return;
    const name = annotationName(annotation, labels.byId.get(annotation.labelId), 60);
    session.forget(id);
    dispatch({ type: 'forget', ids: [id] });
    try {
      await api.call('annotations.delete', { id });
      notifier.info(`Deleted ${name}. Ctrl+Z undoes it.`);
    } catch (error) {
      notifier.error(error, 'Could not delete');
      api
        .call('annotations.get', { id })
        .then((a) => session.apply(a))
        .catch(() => undefined);
    }
  }

  /**
   * Undoes (redoes) the person's own latest change in this session, or the entry `entryId` once
   * they chose to. When the workspace refuses because the latest change is someone else's, asks
   * whether to act on it anyway.
   */
  async function undoRedo(direction: HistoryDirection, entryId?: number) {
    const params = entryId === undefined ? {} : { entryId };
    try {
      const { entry } = await api.call(direction === 'undo' ? 'history.undo' : 'history.redo', params);
      notifier.info(historyDoneMessage(direction, entry, analyst));
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'nothing_to_undo' || error.code === 'nothing_to_redo')) {
        notifier.info(error.message);
      } else if (
        error instanceof ApiError &&
        error.code === 'conflict' &&
        entryId === undefined &&
        isNotOwnDetails(error.details)
      ) {
        const choice = notOwnChoice(error.details);
        if (await notifier.choose(choice)) await undoRedo(direction, error.details.entryId);
        else notifier.info(choice.cancelled);
      } else notifier.error(error);
    }
  }

  // --- Pick mode -------------------------------------------------------------------------------

  function startPick(type: string) {
    const selected = state.selectedId ? session?.get(state.selectedId) : undefined;
    if (!selected || !session) return;
    dispatch({
      type: 'start-pick',
      pick: { fromId: selected.id, fromDocumentId: session.documentId, fromName: selected.quote, type },
    });
    announce(
      `Pick mode: choose the annotation that this one is ${relationTypeName(type)}. Click it, or Tab to it and press Enter. Escape cancels.`,
    );
    controller?.focus();
  }

  function cancelPick() {
    dispatch({ type: 'end-pick' });
    announce('Picking cancelled');
  }

  async function pickTarget(toId: string) {
    const mode = state.pick;
    if (!mode) return;
    if (toId === mode.fromId) {
      dispatch({ type: 'set-candidate', id: null });
      notifier.info('An annotation cannot be related to itself: pick another one.');
      return;
    }
    dispatch({ type: 'end-pick' });
    const target = session?.get(toId);
    try {
      await api.call('relations.create', { fromId: mode.fromId, toId, type: mode.type });
      notifier.info(
        `Linked “${truncate(mode.fromName, 40)}” ${relationTypeName(mode.type)} ${target ? `“${truncate(target.quote, 40)}”` : 'the picked annotation'}`,
      );
    } catch (error) {
      notifier.error(error);
    }
    openDocument(mode.fromDocumentId, mode.fromId);
    if (mode.fromDocumentId === session?.documentId) selectAnnotation(mode.fromId, { reveal: true });
  }

  /** Shows a view; back in Read, the focus returns to the text. */
  function showView(view: ViewName) {
    dispatch({ type: 'set-view', view });
    if (view === 'read') requestAnimationFrame(() => controller?.focus());
  }

  return {
    showView,
    openDocument,
    openRange,
    selectAnnotation,
    clickAnnotations,
    activateAnnotation,
    openAnnotation,
    navigate,
    enter,
    escape,
    focusRegion,
    find,
    toggleTheme,
    openDialog: deps.openDialog,
    exportReport: () => void deps.exportReport(),
    setTextSelection: (selection: Fragment | null) => dispatch({ type: 'text-selection', selection }),
    applyLabel,
    addFragment: () => void addFragment(),
    deleteAnnotation: (id: string) => void deleteAnnotation(id),
    undo: () => void undoRedo('undo'),
    redo: () => void undoRedo('redo'),
    startPick,
    cancelPick,
    pickTarget: (id: string) => void pickTarget(id),
  };
}
