/**
 * The workbench: corpus and annotation list on the left, the reader in the centre, the
 * inspector on the right, dialogs for import, export and shortcuts. This module holds the
 * person's state (open document, selected annotation, "pick a target" mode) and turns gestures
 * into API calls; everything shown comes from the API and follows its `changed` events.
 */
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, Claim, DocumentSummary, Entity, Fragment, Label } from '../../common/domain.js';
import { ApiError } from '../../common/errors.js';
import { snapToWords } from '../../common/text.js';
import { touches, useApi, useLiveQuery } from '../api/api-context.js';
import type { ReaderController } from '../reader/reader-controller.js';
import { isPendingId } from '../session/document-session.js';
import { useDocumentSession, useSessionVersion } from '../session/use-document-session.js';
import { useAnnounce } from '../ui/announcer.js';
import { useNotifier } from '../ui/toasts.js';
import { AboutDialog } from './about-dialog.js';
import { AnnotationList } from './annotation-list.js';
import { CorpusPanel } from './corpus-panel.js';
import { ExportDialog } from './export-dialog.js';
import { annotationName, relationTypeName, truncate } from './format.js';
import { HelpDialog } from './help-dialog.js';
import { ImportDialog } from './import-dialog.js';
import { Inspector } from './inspector.js';
import { ReaderPanel, type WorkbenchReaderHandlers } from './reader-panel.js';
import { isTextField } from './shortcuts.js';
import { themeSetting, useTheme, type ThemeSetting } from './theme.js';
import { Toolbar } from './toolbar.js';

type DialogName = 'import' | 'export' | 'help' | 'about';

interface PickMode {
  fromId: string;
  fromDocumentId: string;
  fromName: string;
  type: string;
}

function byId<T extends { id: string }>(list: readonly T[] | undefined): Map<string, T> {
  return new Map((list ?? []).map((item) => [item.id, item]));
}

export function App() {
  const api = useApi();
  const notifier = useNotifier();
  const announce = useAnnounce();

  // --- Live data of the whole workspace -----------------------------------------------------
  const settingsQuery = useLiveQuery('settings.get', {}, (c) => touches(c.records, ['setting']));
  const labelsQuery = useLiveQuery('labels.list', {}, (c) => touches(c.records, ['label']), { keepPrevious: true });
  const entitiesQuery = useLiveQuery('entities.list', {}, (c) => touches(c.records, ['entity']), {
    keepPrevious: true,
    debounceMs: 100,
  });
  const claimsQuery = useLiveQuery('claims.list', {}, (c) => touches(c.records, ['claim']), {
    keepPrevious: true,
    debounceMs: 100,
  });
  const documentsQuery = useLiveQuery('documents.list', {}, (c) => touches(c.records, ['document']), {
    keepPrevious: true,
  });
  const settings = settingsQuery.data;
  const labels: Label[] = useMemo(() => labelsQuery.data ?? [], [labelsQuery.data]);
  const labelsById = useMemo(() => byId(labels), [labels]);
  const entitiesById = useMemo(() => byId<Entity>(entitiesQuery.data), [entitiesQuery.data]);
  const claimsById = useMemo(() => byId<Claim>(claimsQuery.data), [claimsQuery.data]);
  const documentsById = useMemo(() => byId<DocumentSummary>(documentsQuery.data), [documentsQuery.data]);

  const theme = themeSetting(settings?.theme);
  const effectiveTheme = useTheme(theme);
  const wordSnapping = settings?.wordSnapping !== false;
  const analyst = typeof settings?.analyst === 'string' ? settings.analyst : 'analyst';

  // --- The person's state --------------------------------------------------------------------
  const [documentId, setDocumentId] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [pick, setPick] = useState<PickMode | null>(null);
  const [candidateId, setCandidateId] = useState<string | null>(null);
  const [textSelection, setTextSelection] = useState<Fragment | null>(null);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [connection, setConnection] = useState(api.connectionState);
  const restored = useRef(false);
  const pendingSelect = useRef<{ id: string; reveal: boolean } | null>(null);
  const lastClick = useRef<{ offset: number } | null>(null);
  const controllerRef = useRef<ReaderController | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const inspectorHeadingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const session = useDocumentSession(documentId);
  const version = useSessionVersion(session);
  const selected: Annotation | null = (selectedId && session?.get(selectedId)) || null;

  useEffect(() => api.onConnection(setConnection), [api]);

  // Reopen the last document (or the first one) once settings and documents are known.
  useEffect(() => {
    if (restored.current || !settings || !documentsQuery.data) return;
    restored.current = true;
    const last = settings.lastDocumentId;
    const docs = documentsQuery.data;
    if (typeof last === 'string' && docs.some((d) => d.id === last)) setDocumentId(last);
    else if (docs[0]) setDocumentId(docs[0].id);
  }, [settings, documentsQuery.data]);

  const setSetting = useCallback(
    (key: string, value: unknown) => {
      api.call('settings.set', { key, value }).catch((error: unknown) => notifier.error(error));
    },
    [api, notifier],
  );

  // --- Navigation ----------------------------------------------------------------------------

  const openDocument = useCallback(
    (id: string, annotationId?: string) => {
      restored.current = true; // the person chose: do not reopen the last document over it
      if (id !== documentId) {
        setDocumentId(id);
        setSelectedId(null);
        setCandidateId(null);
        setTextSelection(null);
      }
      pendingSelect.current = annotationId ? { id: annotationId, reveal: true } : null;
    },
    [documentId, setSetting],
  );

  const selectAnnotation = useCallback(
    (id: string | null, options: { reveal?: boolean; caret?: boolean; announce?: boolean } = {}) => {
      setSelectedId(id);
      if (!id || !session) return;
      const annotation = session.get(id);
      const controller = controllerRef.current;
      if (!annotation) return;
      if (options.reveal) controller?.reveal(annotation.fragments);
      if (options.caret) controller?.setSelection(annotation.fragments[0]?.start ?? 0);
      if (options.announce) {
        const rank = session.index.rankOf(id);
        announce(
          `${annotationName(annotation, labelsById.get(annotation.labelId))}, ${rank + 1} of ${session.index.size}`,
        );
      }
    },
    [session, labelsById, announce],
  );

  // Remember the open document once it is loaded (not before: the write would delay its loading).
  const complete = session?.complete ?? false;
  useEffect(() => {
    if (!session || !complete || !settings) return;
    if (settings.lastDocumentId !== session.documentId) setSetting('lastDocumentId', session.documentId);
    // Only when a document finishes loading: `settings` changes would re-run it needlessly.
  }, [session, complete]);

  // Select an annotation asked for before its document was loaded (mentions, relations).
  useEffect(() => {
    const wanted = pendingSelect.current;
    if (!wanted || !session || session.status !== 'ready') return;
    if (session.get(wanted.id)) {
      pendingSelect.current = null;
      if (pick) {
        void pickTarget(wanted.id);
      } else {
        selectAnnotation(wanted.id, { reveal: wanted.reveal, caret: true });
      }
    } else if (session.complete) {
      pendingSelect.current = null;
      notifier.info('That annotation is no longer there.');
    }
    // (pickTarget and pick are read from the render that ran this effect.)
  }, [session, version, selectAnnotation, notifier]);

  // A selected annotation that disappears (deleted here, elsewhere, or undone) is unselected.
  useEffect(() => {
    if (selectedId && session?.complete && !isPendingId(selectedId) && !session.get(selectedId)) setSelectedId(null);
    if (candidateId && session?.complete && !session.get(candidateId)) setCandidateId(null);
  }, [session, version, selectedId, candidateId]);

  // --- Actions --------------------------------------------------------------------------------

  async function createAnnotation(labelId: string, fragment: Fragment) {
    if (!session?.document) return;
    const label = labelsById.get(labelId);
    // Painted now (the painter hears the session synchronously); the panels follow a frame later.
    const pendingId = session.addPending(labelId, [fragment], analyst);
    startTransition(() => setSelectedId(pendingId));
    const quote = truncate(session.document.text.slice(fragment.start, fragment.end), 60);
    try {
      const created = await api.call('annotations.create', {
        documentId: session.documentId,
        labelId,
        fragments: [fragment],
      });
      session.resolvePending(pendingId, created);
      setSelectedId((current) => (current === pendingId ? created.id : current));
      announce(`Tagged “${quote}” as ${label?.name ?? 'label'}`);
    } catch (error) {
      session.resolvePending(pendingId, null);
      setSelectedId((current) => (current === pendingId ? null : current));
      notifier.error(error, `Could not tag “${quote}”`);
    }
  }

  async function relabel(id: string, labelId: string) {
    const annotation = session?.get(id);
    if (!annotation || annotation.labelId === labelId) return;
    try {
      const updated = await api.call('annotations.update', { id, labelId });
      session?.apply(updated);
      announce(`Now ${labelsById.get(labelId)?.name ?? 'relabelled'}: “${truncate(updated.quote, 60)}”`);
    } catch (error) {
      notifier.error(error);
    }
  }

  function applyLabel(labelId: string) {
    const controller = controllerRef.current;
    if (!session?.document || !controller) return;
    const selection = controller.selection();
    if (!selection) {
      if (selectedId && !isPendingId(selectedId)) void relabel(selectedId, labelId);
      else notifier.info('Select some text first, then press a label key.');
      return;
    }
    const fragment = wordSnapping ? snapToWords(session.document.text, selection.start, selection.end) : selection;
    if (fragment.end <= fragment.start || !/\S/.test(session.document.text.slice(fragment.start, fragment.end))) {
      notifier.info('The selection holds no text to tag.');
      return;
    }
    void createAnnotation(labelId, fragment); // the painter registers the pending tag now
    // Collapse the selection only after the frame that shows the tag: in a long document
    // ProseMirror's selectionToDOM costs 6-15 ms, and the selection it reports re-renders the
    // workbench synchronously, both inside the key press (measured by bench/renderer.ts).
    requestAnimationFrame(() =>
      setTimeout(() => {
        const now = controller.selection();
        if (controllerRef.current === controller && now && now.start === selection.start && now.end === selection.end) {
          controller.setSelection(fragment.end);
        }
      }, 0),
    );
  }

  async function addFragment() {
    const controller = controllerRef.current;
    const annotation = selected;
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
    const fragment = wordSnapping ? snapToWords(session.document.text, selection.start, selection.end) : selection;
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
    const name = annotationName(annotation, labelsById.get(annotation.labelId), 60);
    session.forget(id);
    if (selectedId === id) setSelectedId(null);
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

  async function undoRedo(direction: 'undo' | 'redo') {
    try {
      const { entry } = await api.call(direction === 'undo' ? 'history.undo' : 'history.redo', {});
      notifier.info(`${direction === 'undo' ? 'Undone' : 'Redone'}: ${entry.summary}`);
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'nothing_to_undo' || error.code === 'nothing_to_redo')) {
        notifier.info(error.message);
      } else notifier.error(error);
    }
  }

  function startPick(type: string) {
    if (!selected || !session) return;
    setPick({ fromId: selected.id, fromDocumentId: session.documentId, fromName: selected.quote, type });
    setCandidateId(null);
    announce(
      `Pick mode: choose the annotation that this one is ${relationTypeName(type)}. Click it, or Tab to it and press Enter. Escape cancels.`,
    );
    controllerRef.current?.focus();
  }

  function cancelPick() {
    setPick(null);
    setCandidateId(null);
    announce('Picking cancelled');
  }

  async function pickTarget(toId: string) {
    const mode = pick;
    if (!mode) return;
    setPick(null);
    setCandidateId(null);
    if (toId === mode.fromId) {
      notifier.info('An annotation cannot be related to itself: pick another one.');
      setPick(mode);
      return;
    }
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

  function activateAnnotation(id: string) {
    if (pick) void pickTarget(id);
    else selectAnnotation(id, { reveal: true, caret: true });
  }

  function openAnnotation(docId: string, annotationId: string) {
    if (docId === documentId && session?.get(annotationId)) activateAnnotation(annotationId);
    else openDocument(docId, annotationId);
  }

  function focusRegion(n: string) {
    if (n === '1') {
      const current = document.querySelector<HTMLElement>('.document-item[aria-current="page"]');
      (current ?? filterRef.current)?.focus();
    } else if (n === '2') controllerRef.current?.focus();
    else if (n === '3') inspectorHeadingRef.current?.focus();
    else if (n === '4') listRef.current?.focus();
  }

  /** Tab in pick mode: moves the candidate (wrapping around, skipping the annotation picking). */
  function navigateCandidate(direction: 1 | -1, caret: number): boolean {
    if (!session || !pick) return false;
    const index = session.index;
    const order = index.ordered();
    const step = (id: string | null): string | null => {
      const next = id
        ? direction > 0
          ? index.next({ id })
          : index.previous({ id })
        : direction > 0
          ? index.next({ offset: caret })
          : index.previous({ offset: caret + 1 });
      return next ?? (direction > 0 ? order[0] : order[order.length - 1]) ?? null;
    };
    const base = candidateId ?? (session.get(pick.fromId) ? pick.fromId : null);
    let next = step(base);
    if (next === pick.fromId) next = step(next);
    if (!next || next === pick.fromId) return true;
    const annotation = session.get(next);
    if (!annotation) return true;
    setCandidateId(next);
    controllerRef.current?.reveal(annotation.fragments);
    announce(`Candidate ${annotationName(annotation, labelsById.get(annotation.labelId))}. Enter picks it.`);
    return true;
  }

  // --- Reader gestures ---------------------------------------------------------------------------

  const handlers = useRef<WorkbenchReaderHandlers>(null as unknown as WorkbenchReaderHandlers);
  handlers.current = {
    onClickAnnotations(ids, offset) {
      if (pick) {
        if (ids[0]) void pickTarget(ids[0]);
        return;
      }
      if (ids.length === 0) {
        setSelectedId(null);
        lastClick.current = null;
        return;
      }
      // Clicking the same spot again cycles through the annotations stacked there.
      let next = ids[0] as string;
      if (lastClick.current?.offset === offset && selectedId && ids.includes(selectedId)) {
        next = ids[(ids.indexOf(selectedId) + 1) % ids.length] as string;
      }
      lastClick.current = { offset };
      selectAnnotation(next, { announce: true });
    },
    onLabelKey(key) {
      const label = labels.find((l) => l.key === key);
      if (!label) return false;
      applyLabel(label.id);
      return true;
    },
    onNavigate(direction, caret) {
      if (!session) return false;
      const index = session.index;
      if (pick) return navigateCandidate(direction, caret);
      const current = selectedId;
      const currentAnnotation = current ? session.get(current) : undefined;
      let next: string | null;
      const first = currentAnnotation?.fragments[0];
      const last = currentAnnotation?.fragments[currentAnnotation.fragments.length - 1];
      if (current && first && last && caret >= first.start && caret <= last.end) {
        next = direction > 0 ? index.next({ id: current }) : index.previous({ id: current });
      } else {
        next = direction > 0 ? index.next({ offset: caret }) : index.previous({ offset: caret + 1 });
        if (next === current) next = direction > 0 ? index.next({ id: current as string }) : next;
      }
      if (!next || !session.get(next)) return false;
      selectAnnotation(next, { reveal: true, caret: true, announce: true });
      return true;
    },
    onDelete() {
      if (selectedId) void deleteAnnotation(selectedId);
    },
    onEscape() {
      if (pick) {
        cancelPick();
        return;
      }
      setSelectedId(null);
      const controller = controllerRef.current;
      if (controller) controller.setSelection(controller.caretOffset());
    },
    onEnter() {
      if (pick) {
        if (candidateId) void pickTarget(candidateId);
        return;
      }
      if (selectedId) inspectorHeadingRef.current?.focus();
    },
    onAddFragment() {
      void addFragment();
    },
    onTextSelection(selection) {
      setTextSelection(selection);
    },
    onHistory(direction) {
      void undoRedo(direction);
    },
  };

  // --- Keyboard shortcuts anywhere, and the shell's menu commands -------------------------------

  const global = useRef({
    undo: () => void undoRedo('undo'),
    redo: () => void undoRedo('redo'),
    help: () => setDialog('help'),
    escape: () => undefined as void,
    focusRegion,
    toggleTheme: () => undefined as void,
    command: (_name: string) => undefined as void,
  });
  global.current = {
    undo: () => void undoRedo('undo'),
    redo: () => void undoRedo('redo'),
    help: () => setDialog('help'),
    escape: () => {
      if (pick) cancelPick();
      else if (selectedId) setSelectedId(null);
    },
    focusRegion,
    toggleTheme: () => setSetting('theme', effectiveTheme === 'dark' ? 'light' : 'dark'),
    command: (name: string) => {
      switch (name) {
        case 'import':
        case 'export':
        case 'about':
          setDialog(name);
          break;
        case 'undo':
          void undoRedo('undo');
          break;
        case 'redo':
          void undoRedo('redo');
          break;
        case 'toggle-theme':
          setSetting('theme', effectiveTheme === 'dark' ? 'light' : 'dark');
          break;
        case 'find':
          filterRef.current?.focus();
          filterRef.current?.select();
          break;
      }
    },
  };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const g = global.current;
      const mod = event.ctrlKey || event.metaKey;
      const inField = isTextField(event.target);
      const dialogOpen = Boolean(document.querySelector('dialog[open]'));
      const key = event.key.toLowerCase();
      if (mod && !event.altKey && (key === 'z' || key === 'y')) {
        if (inField || dialogOpen) return;
        event.preventDefault();
        if (key === 'y' || event.shiftKey) g.redo();
        else g.undo();
        return;
      }
      if (event.altKey && !mod && !event.shiftKey && /^[1-4]$/.test(event.key) && !dialogOpen) {
        event.preventDefault();
        g.focusRegion(event.key);
        return;
      }
      if (inField || dialogOpen) return;
      if (event.key === '?' && !mod) {
        event.preventDefault();
        g.help();
      } else if (event.key === 'Escape') {
        g.escape();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    const offCommand = api.on('command', ({ name }) => global.current.command(name));
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      offCommand();
    };
  }, [api]);

  // --- Layout -----------------------------------------------------------------------------------

  return (
    <div className="app">
      <Toolbar
        connection={connection}
        theme={theme}
        onTheme={(value: ThemeSetting) => setSetting('theme', value)}
        onImport={() => setDialog('import')}
        onExport={() => setDialog('export')}
        onUndo={() => void undoRedo('undo')}
        onRedo={() => void undoRedo('redo')}
        onHelp={() => setDialog('help')}
        onAbout={() => setDialog('about')}
      />
      <div className="workbench">
        <div className="sidebar">
          <CorpusPanel openId={documentId} onOpen={(id) => openDocument(id)} filterRef={filterRef} />
          <AnnotationList
            session={session}
            labelsById={labelsById}
            selectedId={pick ? candidateId : selectedId}
            onActivate={activateAnnotation}
            onDelete={(id) => void deleteAnnotation(id)}
            listRef={listRef}
          />
        </div>
        <ReaderPanel
          session={session}
          labels={labels}
          labelsById={labelsById}
          entitiesById={entitiesById}
          claimsById={claimsById}
          selectedId={selectedId}
          candidateId={candidateId}
          handlers={handlers}
          controllerRef={controllerRef}
          textSelection={textSelection}
          wordSnapping={wordSnapping}
          onToggleSnapping={(on) => setSetting('wordSnapping', on)}
          onApplyLabel={(labelId) => {
            applyLabel(labelId);
            controllerRef.current?.focus();
          }}
          pick={pick ? { fromName: pick.fromName, type: pick.type } : null}
          onCancelPick={cancelPick}
        />
        <Inspector
          annotation={selected}
          session={session}
          labels={labels}
          labelsById={labelsById}
          entitiesById={entitiesById}
          claimsById={claimsById}
          documentsById={documentsById}
          onOpenAnnotation={openAnnotation}
          onStartPick={startPick}
          onDelete={(id) => void deleteAnnotation(id)}
          headingRef={inspectorHeadingRef}
        />
      </div>
      <ImportDialog
        open={dialog === 'import'}
        onClose={() => setDialog(null)}
        onOpenDocument={(id, close) => {
          if (close) setDialog(null);
          openDocument(id);
        }}
      />
      <ExportDialog open={dialog === 'export'} onClose={() => setDialog(null)} />
      <HelpDialog open={dialog === 'help'} onClose={() => setDialog(null)} labels={labels} />
      <AboutDialog open={dialog === 'about'} onClose={() => setDialog(null)} />
    </div>
  );
}
