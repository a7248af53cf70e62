/**
 * The centre of the workbench: the label palette, the article header and the reader (a
 * {@link ReaderController} over the open document, made here and handed up through
 * `onController`), with the hover tooltip and the banner of "pick a target" mode. Pointer
 * gestures go to the workbench through `gestures`; keys go through the command dispatcher.
 */
import { useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from 'react';
import type { Fragment } from '../../common/domain.js';
import { fragmentToTag } from '../../common/text.js';
import { useLabels, useSettings } from '../data/workspace-data.js';
import { documentStartsWithTitle } from '../reader/schema.js';
import { ReaderController, type ReaderHandlers } from '../reader/reader-controller.js';
import type { DocumentSession } from '../session/document-session.js';
import { useSessionVersion } from '../session/use-document-session.js';
import { AnnotationTooltip, hoverAt, type HoverState } from './annotation-tooltip.js';
import { relationTypeName, truncate } from './format.js';
import { DocumentDetails } from './document-details.js';
import { LabelPalette } from './label-palette.js';

/** The reader's gestures the workbench acts on (hover stays in the panel). */
export type ReaderGestures = Omit<ReaderHandlers, 'onHover'>;

export interface ReaderPanelProps {
  session: DocumentSession | null;
  selectedId: string | null;
  candidateId: string | null;
  /** Read when a gesture happens, so it may be a new object on every render. */
  gestures: ReaderGestures;
  /** Receives the reader when it is made for a loaded document, and null when it goes. */
  onController: (controller: ReaderController | null) => void;
  textSelection: Fragment | null;
  onApplyLabel: (labelId: string) => void;
  pick: { fromName: string; type: string } | null;
  onCancelPick: () => void;
}

export function ReaderPanel(props: ReaderPanelProps) {
  const { session, selectedId, candidateId, onController } = props;
  const labels = useLabels().list;
  const settings = useSettings();
  const wordSnapping = settings.values?.wordSnapping !== false;
  const version = useSessionVersion(session);
  const hostRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const [controller, setController] = useState<ReaderController | null>(null);
  const [hover, setHover] = useState<HoverState | null>(null);
  const document = session?.status === 'ready' ? session.document : null;

  const onClickAnnotations = useEffectEvent((ids: string[], offset: number) =>
    props.gestures.onClickAnnotations(ids, offset),
  );
  const onAddFragment = useEffectEvent(() => props.gestures.onAddFragment());
  const onTextSelection = useEffectEvent((selection: Fragment | null) => props.gestures.onTextSelection(selection));

  useLayoutEffect(() => {
    const host = hostRef.current;
    const scroller = scrollerRef.current;
    if (!session || !document || !host || !scroller) return;
    const created = new ReaderController(host, scroller, session, {
      onClickAnnotations: (ids, offset) => onClickAnnotations(ids, offset),
      onAddFragment: () => onAddFragment(),
      onTextSelection: (selection) => onTextSelection(selection),
      onHover: (ids, point) => {
        created.painter.setSpecial('hover', ids.slice(0, 1));
        setHover(ids.length && point ? hoverAt(ids, point, panelRef.current) : null);
      },
    });
    scroller.scrollTop = 0;
    setController(created);
    onController(created);
    requestAnimationFrame(() => performance.mark('triangulate:text-rendered'));
    return () => {
      created.destroy();
      setController(null);
      onController(null);
      setHover(null);
    };
  }, [session, document, onController]);

  useEffect(() => {
    if (!controller) return;
    controller.painter.setLabels(labels);
    requestAnimationFrame(() => performance.mark('triangulate:highlights-painted'));
  }, [controller, labels]);

  useEffect(() => {
    controller?.painter.setSpecial('selected', selectedId ? [selectedId] : []);
  }, [controller, selectedId, version]);

  useEffect(() => {
    controller?.painter.setSpecial('candidate', candidateId ? [candidateId] : []);
  }, [controller, candidateId, version]);

  const complete = session?.complete ?? false;
  useEffect(() => {
    if (complete) performance.mark('triangulate:annotations-loaded');
  }, [session, complete]);

  // The text's first line repeats the title: the text shows it, the heading is for screen readers.
  const titleFirst = document !== null && documentStartsWithTitle(document);
  // The hint shows what a label key would save: the same function makes both (fragmentToTag).
  const toTag =
    props.textSelection && document ? fragmentToTag(document.text, props.textSelection, wordSnapping) : null;
  const selectionText = toTag && document ? truncate(document.text.slice(toTag.start, toTag.end), 60) : null;

  return (
    <main
      ref={panelRef}
      className="panel reader-panel"
      aria-labelledby="document-heading"
      data-annotations={session?.complete ? 'complete' : 'loading'}
    >
      {/* The pick banner lies over the toolbar (never above the text, which would push the
          article down); the toolbar under it is inert meanwhile, so Tab reaches the banner. */}
      <div className="reader-top">
        <div className="reader-toolbar" inert={props.pick !== null}>
          <LabelPalette labels={labels} onApply={props.onApplyLabel} disabled={!document} />
          <div className="reader-options">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={wordSnapping}
                onChange={(e) => settings.set('wordSnapping', e.target.checked)}
              />
              Snap to words
            </label>
            <span className="selection-status muted small" aria-hidden="true">
              {selectionText ? `Selected: “${selectionText}” — press a label key` : ''}
            </span>
          </div>
        </div>
        {props.pick && (
          <div className="pick-banner" role="status">
            <span>
              Pick the annotation that “{truncate(props.pick.fromName, 40)}” is {relationTypeName(props.pick.type)}:
              click it (in any document), or Tab to it in the text and press Enter.
            </span>
            <button type="button" onClick={props.onCancelPick}>
              Cancel picking
            </button>
          </div>
        )}
      </div>
      <div ref={scrollerRef} className="reader-scroller">
        {!session && (
          <div className="reader-empty">
            <h2 id="document-heading">No document open</h2>
            <p>Choose a document on the left, or import one.</p>
          </div>
        )}
        {session && !document && (
          <div className="reader-empty" aria-busy="true">
            <h2 id="document-heading">
              {session.status === 'deleted'
                ? 'This document was deleted'
                : session.status === 'failed'
                  ? 'The document could not be opened'
                  : 'Opening…'}
            </h2>
          </div>
        )}
        {document && (
          <article className="article">
            <header className="article-header">
              <h2 id="document-heading" className={titleFirst ? 'visually-hidden' : undefined}>
                {document.title}
              </h2>
              <DocumentDetails document={document} />
            </header>
            <p id="reader-help" className="visually-hidden">
              Read-only text. Select text and press a label key to tag it. Tab and Shift+Tab move between annotations.
              Press question mark for all shortcuts.
            </p>
            <div ref={hostRef} className="reader-host" />
          </article>
        )}
      </div>
      {hover && session && <AnnotationTooltip hover={hover} session={session} />}
    </main>
  );
}
