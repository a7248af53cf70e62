/**
 * The workbench: corpus and annotation list on the left, the reader in the centre, the
 * inspector on the right, dialogs for import, export, shortcuts and about. This module wires
 * them together: the person's state lives in one reducer (workbench-state.ts), what they can
 * do in use-workbench-actions.ts, the commands and their keys in commands/, and the
 * workspace's data in the hooks of data/workspace-data.tsx, which every panel reads itself.
 */
import { useEffect, useEffectEvent, useReducer, useRef, useState, type ComponentType } from 'react';
import { useDocumentSummaries, useLabels, useSettings } from '../data/workspace-data.js';
import type { ReaderController } from '../reader/reader-controller.js';
import { isPendingId } from '../session/document-session.js';
import { useDocumentSession, useSessionVersion } from '../session/use-document-session.js';
import { useNotifier } from '../ui/toasts.js';
import { AboutDialog } from './about-dialog.js';
import { AnnotationList, type AnnotationListHandle } from './annotation-list.js';
import type { Where } from './commands/key-scope.js';
import { useWorkbenchCommands } from './commands/use-commands.js';
import type { WorkbenchContext } from './commands/workbench-commands.js';
import { CorpusPanel } from './corpus-panel.js';
import { ExportDialog } from './export-dialog.js';
import { useReportExport } from './report-export.js';
import { HelpDialog } from './help-dialog.js';
import { ImportDialog } from './import-dialog.js';
import { Inspector } from './inspector.js';
import { ReaderPanel } from './reader-panel.js';
import { themeSetting, useTheme } from './theme.js';
import { Toolbar } from './toolbar.js';
import { useWorkbenchActions, type DialogName } from './use-workbench-actions.js';
import { initialWorkbenchState, workbenchReducer } from './workbench-state.js';
import { VIEW_NAMES, VIEWS, type ViewProps } from '../views/view-registry.js';

export function App() {
  const notifier = useNotifier();
  const settings = useSettings();
  const labels = useLabels();
  const documents = useDocumentSummaries();
  const effectiveTheme = useTheme(themeSetting(settings.values?.theme));

  const report = useReportExport();
  const [state, dispatch] = useReducer(workbenchReducer, initialWorkbenchState);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [controller, setController] = useState<ReaderController | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const inspectorHeadingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<AnnotationListHandle>(null);

  const session = useDocumentSession(state.documentId);
  const version = useSessionVersion(session);
  const selected = (state.selectedId && session?.get(state.selectedId)) || null;

  const actions = useWorkbenchActions({
    state,
    dispatch,
    session,
    controller,
    effectiveTheme,
    openDialog: setDialog,
    exportReport: report.run,
    focusTargets: { filter: filterRef, inspectorHeading: inspectorHeadingRef, list: listRef },
  });
  const contextFor = (where: Where): WorkbenchContext => ({ where, state, actions, list: listRef.current });
  const registry = useWorkbenchCommands(labels.list, contextFor);

  // Reopen the last document (or the first one) once settings and documents are known.
  const lastDocumentId = settings.values?.lastDocumentId;
  useEffect(() => {
    if (state.restored || !settings.values || !documents.loaded) return;
    const last = documents.list.find((d) => d.id === lastDocumentId);
    dispatch({ type: 'restore', documentId: (last ?? documents.list[0])?.id ?? null });
  }, [state.restored, settings.values, documents, lastDocumentId]);

  // Remember the open document once it is loaded (not before: the write would delay its
  // loading). Only when a document finishes loading: the settings are read, not followed, so
  // another window writing its own document does not start a back-and-forth.
  const rememberDocument = useEffectEvent((documentId: string) => {
    if (settings.values?.lastDocumentId !== documentId) settings.set('lastDocumentId', documentId);
  });
  const complete = session?.complete ?? false;
  useEffect(() => {
    if (session && complete) rememberDocument(session.documentId);
  }, [session, complete]);

  // Select (or, in pick mode, pick) an annotation asked for before its document was loaded.
  const selectPending = useEffectEvent(() => {
    const wanted = state.pendingSelectId;
    if (!wanted || !session || session.status !== 'ready') return;
    if (session.get(wanted)) {
      dispatch({ type: 'pending-select-done' });
      if (state.pick) actions.pickTarget(wanted);
      else actions.selectAnnotation(wanted, { reveal: true, caret: true });
    } else if (session.complete) {
      dispatch({ type: 'pending-select-done' });
      notifier.info('That annotation is no longer there.');
    }
  });
  useEffect(() => {
    selectPending();
  }, [session, version, state.pendingSelectId]);

  // Select a passage asked for before its document showed (a search hit opened in Read): the
  // text selected as if by hand, so that a label key tags it.
  const selectPendingRange = useEffectEvent(() => {
    const range = state.pendingRange;
    if (!range || !controller || session?.status !== 'ready' || state.view !== 'read') return;
    dispatch({ type: 'pending-range-done' });
    controller.setSelection(range.start, range.end);
    controller.reveal([range]);
    controller.focus();
  });
  useEffect(() => {
    selectPendingRange();
  }, [controller, session, state.pendingRange, state.view]);

  // A selected annotation (or candidate) that disappears (deleted here, elsewhere, or undone)
  // is unselected. A pending tag is not there yet: it stays selected.
  const { selectedId, candidateId } = state;
  useEffect(() => {
    if (!session?.complete) return;
    const gone = [selectedId, candidateId].filter(
      (id): id is string => id !== null && !isPendingId(id) && !session.get(id),
    );
    if (gone.length) dispatch({ type: 'forget', ids: gone });
  }, [session, version, selectedId, candidateId]);

  const closeDialog = () => setDialog(null);

  return (
    <div className="app">
      <Toolbar registry={registry} onCommand={(id) => registry.run(id, contextFor('menu'))} view={state.view} />
      {VIEW_NAMES.map((name) => {
        const View = VIEWS[name].component as ComponentType<ViewProps> | null;
        if (!View || state.view !== name) return null;
        return (
          <main
            key={name}
            id={`view-${name}`}
            className="view-area"
            role="tabpanel"
            aria-labelledby={`view-tab-${name}`}
          >
            <View
              onOpenAnnotation={actions.openAnnotation}
              onOpenDocument={(id) => actions.openDocument(id)}
              onOpenRange={actions.openRange}
              compare={state.compare}
              onCompare={(request) => dispatch({ type: 'compare', ...request })}
              openDocumentId={state.documentId}
            />
          </main>
        );
      })}
      {/* Read stays mounted while another view shows: the reader keeps its place. */}
      <div
        className="workbench"
        id="view-read"
        hidden={state.view !== 'read'}
        {...(VIEW_NAMES.length > 1 ? { role: 'tabpanel', 'aria-labelledby': 'view-tab-read' } : {})}
      >
        <div className="sidebar">
          <CorpusPanel openId={state.documentId} onOpen={(id) => actions.openDocument(id)} filterRef={filterRef} />
          <AnnotationList
            session={session}
            selectedId={state.pick ? state.candidateId : state.selectedId}
            onActivate={actions.activateAnnotation}
            onDelete={actions.deleteAnnotation}
            handleRef={listRef}
          />
        </div>
        <ReaderPanel
          session={session}
          selectedId={state.selectedId}
          candidateId={state.candidateId}
          gestures={{
            onClickAnnotations: actions.clickAnnotations,
            onAddFragment: actions.addFragment,
            onTextSelection: actions.setTextSelection,
          }}
          onController={setController}
          textSelection={state.textSelection}
          onApplyLabel={(labelId) => {
            actions.applyLabel(labelId);
            controller?.focus();
          }}
          pick={state.pick}
          onCancelPick={actions.cancelPick}
        />
        <Inspector
          annotation={selected}
          session={session}
          onOpenAnnotation={actions.openAnnotation}
          onStartPick={actions.startPick}
          onDelete={actions.deleteAnnotation}
          headingRef={inspectorHeadingRef}
        />
      </div>
      <ImportDialog
        open={dialog === 'import'}
        onClose={closeDialog}
        onOpenDocument={(id, close) => {
          if (close) closeDialog();
          actions.openDocument(id);
        }}
      />
      <ExportDialog open={dialog === 'export'} onClose={closeDialog} />
      <HelpDialog open={dialog === 'help'} onClose={closeDialog} registry={registry} />
      <AboutDialog open={dialog === 'about'} onClose={closeDialog} />
    </div>
  );
}
