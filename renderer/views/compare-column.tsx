/**
 * One column of the side-by-side view: an article chosen in the column's own list, read in its
 * own reader (the same reader and highlights as the Read view, without tagging), with the
 * mentions of the highlighted claim or entity marked, counted, and stepped through. A click on a
 * linked mention highlights its claim or entity in every column.
 */
import { useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from 'react';
import type { DocumentSummary } from '../../common/domain.js';
import { useLabels } from '../data/workspace-data.js';
import { documentStartsWithTitle } from '../reader/schema.js';
import { ReaderController } from '../reader/reader-controller.js';
import { useDocumentSession, useSessionVersion } from '../session/use-document-session.js';
import { AnnotationTooltip, hoverAt, type HoverState } from '../workbench/annotation-tooltip.js';
import { formatDate, plural, truncate } from '../workbench/format.js';
import { focusMentions, focusOfClick, stepMention, type CompareFocus } from './compare-model.js';

export interface CompareColumnProps {
  /** 0-based position, shown 1-based ("column 1"). */
  index: number;
  documentId: string;
  documents: readonly DocumentSummary[];
  /** The documents open in the other columns (offered, but marked). */
  elsewhere: readonly string[];
  focus: CompareFocus | null;
  /** The highlighted claim's summary or entity's name, for the column's messages. */
  focusName: string | null;
  canRemove: boolean;
  onChooseDocument: (documentId: string) => void;
  onRemove: () => void;
  onFocus: (focus: CompareFocus) => void;
  onOpenAnnotation: (documentId: string, annotationId: string) => void;
  onOpenDocument: (documentId: string) => void;
}

export function CompareColumn(props: CompareColumnProps) {
  const { index, documentId, focus } = props;
  const n = index + 1;
  const labels = useLabels().list;
  const session = useDocumentSession(documentId);
  const version = useSessionVersion(session);
  const hostRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const columnRef = useRef<HTMLElement>(null);
  const [controller, setController] = useState<ReaderController | null>(null);
  const [hover, setHover] = useState<HoverState | null>(null);
  /** The mention last stepped to (or clicked), marked as selected; -1: none. */
  const [current, setCurrent] = useState<{ key: string; at: number }>({ key: '', at: -1 });
  const [clicked, setClicked] = useState<string | null>(null);
  /** The article and highlight this column last scrolled to the first mention of. */
  const scrolledFor = useRef('');
  const document = session?.status === 'ready' ? session.document : null;
  const summary = props.documents.find((d) => d.id === documentId);
  // The text's first line repeats the title: the text shows it, the heading is for screen readers.
  const titleFirst = document !== null && documentStartsWithTitle(document);

  const onClickAnnotations = useEffectEvent((ids: string[]) => {
    if (!session) return;
    const wanted = focusOfClick(ids.map((id) => session.get(id)));
    setClicked(ids[0] ?? null);
    if (!wanted) return;
    // The other columns scroll to their first mention; this one stays where the person clicked.
    scrolledFor.current = `${documentId}|${wanted.kind}:${wanted.id}`;
    props.onFocus(wanted);
  });

  useLayoutEffect(() => {
    const host = hostRef.current;
    const scroller = scrollerRef.current;
    if (!session || !document || !host || !scroller) return;
    const created = new ReaderController(
      host,
      scroller,
      session,
      {
        onClickAnnotations: (ids) => onClickAnnotations(ids),
        onAddFragment: () => undefined,
        onTextSelection: () => undefined,
        onHover: (ids, point) => {
          created.painter.setSpecial('hover', ids.slice(0, 1));
          setHover(ids.length && point ? hoverAt(ids, point, columnRef.current) : null);
        },
      },
      { label: `Text of column ${n}`, describedBy: 'compare-reader-help' },
    );
    scroller.scrollTop = 0;
    setController(created);
    return () => {
      created.destroy();
      setController(null);
      setHover(null);
    };
  }, [session, document, n]);

  useEffect(() => {
    controller?.painter.setLabels(labels);
  }, [controller, labels]);

  const focusKey = focus ? `${focus.kind}:${focus.id}` : '';
  // Every render (the session's version re-renders on any change): a linear pass over the
  // article's annotations, as the annotation list does.
  const mentions = session ? focusMentions(session.annotations.values(), focus) : [];
  const mentionIds = mentions.map((m) => m.id).join(' ');
  const at = current.key === focusKey ? Math.min(current.at, mentions.length - 1) : -1;
  const currentMention = at >= 0 ? mentions[at] : undefined;

  useEffect(() => {
    controller?.painter.setSpecial('focus', mentionIds ? mentionIds.split(' ') : []);
  }, [controller, mentionIds, version]);

  const selected = currentMention?.id ?? clicked;
  useEffect(() => {
    controller?.painter.setSpecial('selected', selected ? [selected] : []);
  }, [controller, selected, version]);

  // A new highlight (or a newly loaded article) scrolls the column to its first mention, once.
  const complete = session?.complete ?? false;
  useEffect(() => {
    if (!controller || !complete || !focusKey) return;
    const key = `${documentId}|${focusKey}`;
    if (scrolledFor.current === key) return;
    scrolledFor.current = key;
    const first = mentionIds ? session?.get(mentionIds.split(' ')[0] as string) : undefined;
    if (first) controller.reveal(first.fragments, { page: false });
  }, [controller, complete, focusKey, documentId, mentionIds, session]);

  const step = (direction: 'next' | 'previous') => {
    const next = stepMention(mentions.length, at, direction);
    const mention = mentions[next];
    if (!mention) return;
    setCurrent({ key: focusKey, at: next });
    setClicked(null);
    controller?.reveal(mention.fragments);
  };

  const openTarget = selected;
  const focusLabel = props.focusName ? `“${truncate(props.focusName, 40)}”` : '';

  return (
    <section ref={columnRef} className="compare-column" aria-labelledby={`compare-title-${n}`} data-column={n}>
      <div className="compare-column-bar">
        <label className="compare-choose">
          <span className="visually-hidden">Article in column {n}</span>
          <select value={documentId} onChange={(e) => props.onChooseDocument(e.target.value)}>
            {props.documents.map((d) => (
              <option key={d.id} value={d.id}>
                {(d.outlet ?? 'Unknown outlet') + ' — ' + truncate(d.title, 60)}
                {props.elsewhere.includes(d.id) ? ' (in another column)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => props.onOpenDocument(documentId)}
          title="Open this article in the Read view to tag it"
        >
          Open in Read<span className="visually-hidden"> (column {n})</span>
        </button>
        {props.canRemove && (
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove column ${n}`}
            title="Remove this column"
            onClick={props.onRemove}
          >
            ×
          </button>
        )}
      </div>
      {focus && (
        <div className="compare-mentions" role="group" aria-label={`Mentions in column ${n}`}>
          <span aria-live="polite">
            {!complete
              ? 'Counting mentions…'
              : mentions.length === 0
                ? `No mention of ${focusLabel} here`
                : at >= 0
                  ? `Mention ${at + 1} of ${mentions.length} of ${focusLabel}`
                  : `${plural(mentions.length, 'mention')} of ${focusLabel}`}
          </span>
          <button
            type="button"
            disabled={mentions.length === 0}
            onClick={() => step('previous')}
            aria-label={`Previous mention in column ${n}`}
          >
            ‹ Previous
          </button>
          <button
            type="button"
            disabled={mentions.length === 0}
            onClick={() => step('next')}
            aria-label={`Next mention in column ${n}`}
          >
            Next ›
          </button>
          {openTarget && (
            <button type="button" onClick={() => props.onOpenAnnotation(documentId, openTarget)}>
              Open this mention in Read<span className="visually-hidden"> (column {n})</span>
            </button>
          )}
        </div>
      )}
      <div ref={scrollerRef} className="reader-scroller compare-scroller" data-reader="compare">
        {!document ? (
          <div className="reader-empty" aria-busy={session?.status === 'loading'}>
            <h3 id={`compare-title-${n}`}>
              {session?.status === 'deleted'
                ? 'This document was deleted'
                : session?.status === 'failed'
                  ? 'The document could not be opened'
                  : `Opening ${summary ? truncate(summary.title, 60) : 'the article'}…`}
            </h3>
          </div>
        ) : (
          <article className="article compare-article">
            <header className="article-header">
              <h3 id={`compare-title-${n}`} className={titleFirst ? 'visually-hidden' : 'compare-article-title'}>
                <span className="visually-hidden">Column {n}: </span>
                {document.title}
              </h3>
              <p className="article-meta">
                {document.outlet ?? 'Unknown outlet'} · {formatDate(document.publishedAt)}
              </p>
            </header>
            <div ref={hostRef} className="reader-host" />
          </article>
        )}
      </div>
      {hover && session && <AnnotationTooltip hover={hover} session={session} />}
    </section>
  );
}
