/**
 * "Annotations in this document": every annotation of the open document, in reading order, as a
 * listbox whose options are named like "Country: Iraq". The list is virtualised (only the rows
 * in view exist), so it stays instant at 50,000 annotations; the active option is announced
 * through aria-activedescendant with its position in the whole set.
 *
 * Its keys (arrows, Home/End, Page Up/Down, Enter, Space, Delete) are commands of the
 * workbench's registry (scope `list`), which move the active option through the
 * {@link AnnotationListHandle} this component gives its `handleRef`.
 */
import { useEffect, useEffectEvent, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useLabels } from '../data/workspace-data.js';
import type { DocumentSession } from '../session/document-session.js';
import { useSessionVersion } from '../session/use-document-session.js';
import { truncate } from './format.js';

const ROW = 30;
const OVERSCAN = 8;

/** What the list's commands and Alt+4 do with the list. */
export interface AnnotationListHandle {
  focus(): void;
  /** How many annotations the list shows. */
  size(): number;
  /** Moves the active option. */
  move(to: 'next' | 'previous' | 'first' | 'last' | 'page-down' | 'page-up'): void;
  /** Selects the active option's annotation in the text (Enter, Space). */
  activate(): void;
  /** Deletes the active option's annotation. */
  deleteActive(): void;
}

export interface AnnotationListProps {
  session: DocumentSession | null;
  selectedId: string | null;
  onActivate: (id: string) => void;
  onDelete: (id: string) => void;
  handleRef?: Ref<AnnotationListHandle>;
}

export function AnnotationList({ session, selectedId, onActivate, onDelete, handleRef }: AnnotationListProps) {
  useSessionVersion(session);
  const labelsById = useLabels().byId;
  const order = session?.index.ordered() ?? [];
  const count = order.length;
  const viewportRef = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(300);
  const [active, setActive] = useState(0);
  const selectedRank = selectedId && session ? session.index.rankOf(selectedId) : -1;

  // The active option follows the selection made elsewhere (text, Tab, mentions).
  const followSelection = useEffectEvent((rank: number) => {
    setActive(rank);
    scrollToRow(rank);
  });
  useEffect(() => {
    if (selectedRank >= 0) followSelection(selectedRank);
  }, [selectedRank]);

  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const clampedActive = Math.min(active, Math.max(0, count - 1));

  /** Scrolls a row into view, from the known scroll position and height (reading them would force a layout). */
  function scrollToRow(rank: number) {
    const el = viewportRef.current;
    if (!el) return;
    const top = rank * ROW;
    if (top < scrollTop) el.scrollTop = top;
    else if (top + ROW > scrollTop + height) el.scrollTop = top + ROW - height;
  }

  function move(rank: number) {
    const next = Math.max(0, Math.min(count - 1, rank));
    setActive(next);
    scrollToRow(next);
  }

  // Made anew on every render, so the commands always act on the list as it is shown.
  useImperativeHandle(handleRef, () => ({
    focus: () => viewportRef.current?.focus(),
    size: () => count,
    move(to) {
      const page = Math.max(1, Math.floor(height / ROW) - 1);
      const target = {
        next: clampedActive + 1,
        previous: clampedActive - 1,
        first: 0,
        last: count - 1,
        'page-down': clampedActive + page,
        'page-up': clampedActive - page,
      }[to];
      move(target);
    },
    activate() {
      const id = order[clampedActive];
      if (id) onActivate(id);
    },
    deleteActive() {
      const id = order[clampedActive];
      if (id) onDelete(id);
    },
  }));

  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height) / ROW) + OVERSCAN);
  const rows: number[] = [];
  for (let i = first; i <= last; i++) rows.push(i);
  if (count > 0 && (clampedActive < first || clampedActive > last)) rows.push(clampedActive);

  return (
    <section className="panel annotation-list-panel" aria-labelledby="annotation-list-heading">
      <div className="panel-header">
        <h2 id="annotation-list-heading">Annotations in this document</h2>
        <span className="muted small">{session ? count : ''}</span>
      </div>
      {session && count === 0 && (
        <p className="empty-note" id="annotation-list-empty">
          No annotations yet. Select text and press a label key.
        </p>
      )}
      <div
        ref={viewportRef}
        className="annotation-list"
        role="listbox"
        tabIndex={0}
        aria-label="Annotations in this document"
        aria-describedby={session && count === 0 ? 'annotation-list-empty' : undefined}
        aria-activedescendant={count > 0 ? `annotation-option-${clampedActive}` : undefined}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div className="annotation-list-spacer" style={{ height: count * ROW }}>
          {rows.map((rank) => {
            const id = order[rank] as string;
            const annotation = session?.get(id);
            if (!annotation) return null;
            const label = labelsById.get(annotation.labelId);
            return (
              <div
                key={id}
                id={`annotation-option-${rank}`}
                role="option"
                aria-selected={id === selectedId}
                aria-setsize={count}
                aria-posinset={rank + 1}
                className={`annotation-option${rank === clampedActive ? ' active' : ''}${annotation.status !== 'accepted' ? ` status-${annotation.status}` : ''}`}
                style={{ top: rank * ROW, height: ROW }}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  setActive(rank);
                  viewportRef.current?.focus();
                  onActivate(id);
                }}
              >
                <span className="swatch" aria-hidden="true" style={{ backgroundColor: label?.color ?? '#888' }} />
                <span className="option-label">{label?.name ?? 'Unknown label'}:</span>{' '}
                <span className="option-quote">{truncate(annotation.quote, 120)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
