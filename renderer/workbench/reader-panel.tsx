/**
 * The centre of the workbench: the label palette, the article header and the reader (a
 * {@link ReaderController} over the open document), with the hover tooltip and the banner of
 * "pick a target" mode. Mouse and keyboard gestures go to the workbench through `handlers`.
 */
import { useEffect, useLayoutEffect, useRef, useState, type MutableRefObject } from 'react';
import type { Claim, Entity, Fragment, Label } from '../../common/domain.js';
import { ReaderController, type ReaderHandlers } from '../reader/reader-controller.js';
import type { DocumentSession } from '../session/document-session.js';
import { useSessionVersion } from '../session/use-document-session.js';
import { formatDate, relationTypeName, truncate } from './format.js';
import { LabelPalette } from './label-palette.js';

export type WorkbenchReaderHandlers = Omit<ReaderHandlers, 'onHover'>;

export interface ReaderPanelProps {
  session: DocumentSession | null;
  labels: readonly Label[];
  labelsById: ReadonlyMap<string, Label>;
  entitiesById: ReadonlyMap<string, Entity>;
  claimsById: ReadonlyMap<string, Claim>;
  selectedId: string | null;
  candidateId: string | null;
  handlers: MutableRefObject<WorkbenchReaderHandlers>;
  controllerRef: MutableRefObject<ReaderController | null>;
  textSelection: Fragment | null;
  wordSnapping: boolean;
  onToggleSnapping: (on: boolean) => void;
  onApplyLabel: (labelId: string) => void;
  pick: { fromName: string; type: string } | null;
  onCancelPick: () => void;
}

interface HoverState {
  ids: string[];
  x: number;
  y: number;
}

export function ReaderPanel(props: ReaderPanelProps) {
  const { session, labels, selectedId, candidateId, handlers, controllerRef } = props;
  const version = useSessionVersion(session);
  const hostRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const [controller, setController] = useState<ReaderController | null>(null);
  const [hover, setHover] = useState<HoverState | null>(null);
  const document = session?.status === 'ready' ? session.document : null;

  useLayoutEffect(() => {
    const host = hostRef.current;
    const scroller = scrollerRef.current;
    if (!session || !document || !host || !scroller) return;
    const created = new ReaderController(host, scroller, session, {
      onClickAnnotations: (ids, offset) => handlers.current.onClickAnnotations(ids, offset),
      onLabelKey: (key) => handlers.current.onLabelKey(key),
      onNavigate: (direction, caret) => handlers.current.onNavigate(direction, caret),
      onDelete: () => handlers.current.onDelete(),
      onEscape: () => handlers.current.onEscape(),
      onEnter: () => handlers.current.onEnter(),
      onAddFragment: () => handlers.current.onAddFragment(),
      onTextSelection: (selection) => handlers.current.onTextSelection(selection),
      onHistory: (direction) => handlers.current.onHistory(direction),
      onHover: (ids, point) => {
        created.painter.setSpecial('hover', ids.slice(0, 1));
        setHover(ids.length && point ? { ids, x: point.x, y: point.y } : null);
      },
    });
    scroller.scrollTop = 0;
    controllerRef.current = created;
    setController(created);
    requestAnimationFrame(() => performance.mark('triangulate:text-rendered'));
    return () => {
      created.destroy();
      if (controllerRef.current === created) controllerRef.current = null;
      setController(null);
      setHover(null);
    };
  }, [session, document, handlers, controllerRef]);

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

  useEffect(() => {
    if (session?.complete) performance.mark('triangulate:annotations-loaded');
  }, [session, session?.complete]);

  // The text's first line repeats the title: the reader shows it as the heading (see schema.ts).
  const first = document?.paragraphs[0];
  const titleFirst = Boolean(
    document && first && document.text.slice(first.start, first.end).trim() === document.title.trim(),
  );
  const tooltip = hover && session ? renderTooltip(hover, session, props, panelRef.current) : null;
  const selectionText =
    props.textSelection && document
      ? truncate(document.text.slice(props.textSelection.start, props.textSelection.end), 60)
      : null;

  return (
    <main
      ref={panelRef}
      className="panel reader-panel"
      aria-labelledby="document-heading"
      data-annotations={session?.complete ? 'complete' : 'loading'}
    >
      <div className="reader-toolbar">
        <LabelPalette labels={labels} onApply={props.onApplyLabel} disabled={!document} />
        <div className="reader-options">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={props.wordSnapping}
              onChange={(e) => props.onToggleSnapping(e.target.checked)}
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
            Pick the annotation that “{truncate(props.pick.fromName, 40)}” is {relationTypeName(props.pick.type)}: click
            it (in any document), or Tab to it in the text and press Enter.
          </span>
          <button type="button" onClick={props.onCancelPick}>
            Cancel picking
          </button>
        </div>
      )}
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
              <p className="article-meta">
                {document.outlet ?? 'Unknown outlet'} · {formatDate(document.publishedAt)}
                {document.origin && document.origin !== document.outlet ? ` · ${document.origin}` : ''}
              </p>
            </header>
            <p id="reader-help" className="visually-hidden">
              Read-only text. Select text and press a label key to tag it. Tab and Shift+Tab move between annotations.
              Press question mark for all shortcuts.
            </p>
            <div ref={hostRef} className="reader-host" />
          </article>
        )}
      </div>
      {tooltip}
    </main>
  );
}

function renderTooltip(
  hover: HoverState,
  session: DocumentSession,
  props: ReaderPanelProps,
  panel: HTMLElement | null,
) {
  const box = panel?.getBoundingClientRect();
  const left = box ? Math.min(hover.x - box.left + 12, box.width - 320) : hover.x;
  const top = box ? hover.y - box.top + 18 : hover.y;
  const items = hover.ids
    .map((id) => session.get(id))
    .filter((a): a is NonNullable<typeof a> => Boolean(a))
    .slice(0, 4);
  if (!items.length) return null;
  return (
    <div className="annotation-tooltip" role="tooltip" style={{ left: Math.max(8, left), top }}>
      {items.map((annotation) => {
        const label = props.labelsById.get(annotation.labelId);
        const entity = annotation.entityId ? props.entitiesById.get(annotation.entityId) : undefined;
        const claim = annotation.claimId ? props.claimsById.get(annotation.claimId) : undefined;
        return (
          <div key={annotation.id} className="tooltip-item">
            <div className="tooltip-label">
              <span className="swatch" aria-hidden="true" style={{ backgroundColor: label?.color ?? '#888' }} />
              <strong>{label?.name ?? 'Unknown label'}</strong>
              {annotation.attributes.stance && <span className="muted"> · {annotation.attributes.stance}</span>}
              {annotation.status !== 'accepted' && <span className="muted"> · {annotation.status}</span>}
            </div>
            <div className="tooltip-quote">“{truncate(annotation.quote, 90)}”</div>
            {entity && (
              <div className="tooltip-link">
                Entity: {entity.name}
                {entity.aliases.length ? ` (${truncate(entity.aliases.join(', '), 60)})` : ''}
              </div>
            )}
            {claim && <div className="tooltip-link">Claim: {truncate(claim.summary, 90)}</div>}
            {!entity && !claim && label?.kind !== 'claim' && <div className="tooltip-link muted">Not linked</div>}
            {!claim && label?.kind === 'claim' && <div className="tooltip-link muted">Not linked to a claim</div>}
          </div>
        );
      })}
    </div>
  );
}
