/**
 * The Entities view ("across the articles"): the entity index on the left (live
 * `entities.index`, filtered by a name or alias and by type; each row with its mentions and
 * outlets), the chosen entity on the right (entities-detail.tsx). The list is a listbox: the
 * arrow keys move in it, Enter (or a click) shows that entity.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ENTITY_TYPES, type EntityType } from '../../common/domain.js';
import { touches, useLiveQuery } from '../api/api-context.js';
import { useEntities } from '../data/workspace-data.js';
import { plural } from '../workbench/format.js';
import { EntitiesDetail } from './entities-detail.js';
import { moveInList, outletCount } from './entities-logic.js';
import type { ViewProps } from './view-props.js';

/** Entities listed at first, and added by each "Show more". */
const PAGE = 200;

const refetchOn = (change: { records: Parameters<typeof touches>[0] }) =>
  touches(change.records, ['entity', 'annotation', 'document']);

export function EntitiesView({ onOpenAnnotation, onOpenDocument, onCompare }: ViewProps) {
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [type, setType] = useState<EntityType | ''>('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(query.trim()), 120);
    return () => clearTimeout(timer);
  }, [query]);

  // One page of the index at a time (most mentioned first), more on request: over a large corpus
  // the whole index is every entity × every document it is in (tens of megabytes).
  const [shown, setShown] = useState(PAGE);
  useEffect(() => setShown(PAGE), [debounced, type]);
  const filtered = useLiveQuery(
    'entities.index',
    { ...(debounced ? { query: debounced } : {}), ...(type ? { type } : {}), limit: shown },
    refetchOn,
    { keepPrevious: true },
  );
  // The chosen entity, read on its own: it stays shown when the filter or the page hides it.
  const chosen = useLiveQuery('entities.index', selectedId ? { ids: [selectedId] } : null, refetchOn, {
    keepPrevious: true,
  });
  const total = useEntities().list.length;
  const rows = filtered.data ?? [];
  // An entity merged away or deleted shows nothing (and shows again if that is undone); one
  // just made by a split shows once the index has it.
  const selected =
    rows.find((e) => e.entity.id === selectedId) ?? chosen.data?.find((e) => e.entity.id === selectedId) ?? null;
  // The detail's heading takes the focus once the entity asked for shows (it may need a fetch).
  const [focusFor, setFocusFor] = useState<string | null>(null);
  const selectedShown = selected?.entity.id ?? null;
  useEffect(() => {
    if (!focusFor || focusFor !== selectedShown) return;
    setFocusFor(null);
    requestAnimationFrame(() => headingRef.current?.focus());
  }, [focusFor, selectedShown]);
  const more = rows.length === shown;
  const activeIndex = rows.findIndex((r) => r.entity.id === activeId);

  function show(id: string | null, focusDetail = false) {
    setSelectedId(id);
    if (id) setActiveId(id);
    if (focusDetail) setFocusFor(id);
  }

  function onListKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (event.key === 'Enter' || event.key === ' ') {
      const row = rows[activeIndex] ?? rows[0];
      if (!row) return;
      event.preventDefault();
      show(row.entity.id, event.key === 'Enter');
      return;
    }
    const next = moveInList(activeIndex, event.key, rows.length);
    if (next === null) return;
    event.preventDefault();
    const id = rows[next]?.entity.id ?? null;
    setActiveId(id);
    if (id) document.getElementById(optionId(id))?.scrollIntoView({ block: 'nearest' });
  }

  const noEntities = filtered.data !== undefined && total === 0 && !debounced && !type;

  return (
    <div className="entities-view">
      <section className="entities-index" aria-labelledby="entities-index-heading">
        <header className="entities-index-header">
          <h2 id="entities-index-heading">
            Entities{' '}
            <span className="muted small">
              {filtered.data &&
                (debounced || type || more ? `${rows.length}${more ? '+' : ''} of ${total}` : rows.length)}
            </span>
          </h2>
          <div className="entities-filters">
            <input
              type="search"
              aria-label="Filter entities"
              placeholder="Name or alias…"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown' && rows.length) {
                  e.preventDefault();
                  setActiveId(rows[Math.max(activeIndex, 0)]?.entity.id ?? null);
                  listRef.current?.focus();
                }
              }}
            />
            <select aria-label="Type" value={type} onChange={(e) => setType(e.target.value as EntityType | '')}>
              <option value="">All types</option>
              {ENTITY_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
        </header>
        {noEntities ? (
          <p className="empty-note">
            No entities yet. In the Read view, tag a name in an article, then link it with “Link to an entity” and
            choose “Create new”.
          </p>
        ) : rows.length === 0 && filtered.data ? (
          <p className="empty-note">No entity matches.</p>
        ) : (
          <ul
            ref={listRef}
            className="entities-list"
            role="listbox"
            aria-label="Entities"
            tabIndex={0}
            aria-activedescendant={activeIndex >= 0 ? optionId(rows[activeIndex]!.entity.id) : undefined}
            onKeyDown={onListKeyDown}
            onFocus={() => {
              if (activeIndex < 0 && rows[0]) setActiveId(selectedId ?? rows[0].entity.id);
            }}
          >
            {rows.map((row, i) => {
              const outlets = outletCount(row);
              return (
                <li
                  key={row.entity.id}
                  id={optionId(row.entity.id)}
                  role="option"
                  aria-selected={row.entity.id === selectedId}
                  aria-label={`${row.entity.name}, ${row.entity.type}, ${plural(row.mentionCount, 'mention')} in ${plural(outlets, 'outlet')}`}
                  className={`entities-row${i === activeIndex ? ' active' : ''}`}
                  onClick={() => show(row.entity.id)}
                >
                  <span className="entities-row-name">{row.entity.name}</span>
                  <span className="entities-row-type">{row.entity.type}</span>
                  <span className="entities-row-counts">
                    {plural(row.mentionCount, 'mention')} · {plural(outlets, 'outlet')}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        {more && (
          <button type="button" className="entities-more" onClick={() => setShown((n) => n + PAGE)}>
            Show {PAGE} more entities
          </button>
        )}
      </section>
      {selected ? (
        <EntitiesDetail
          key={selected.entity.id}
          entry={selected}
          headingRef={headingRef}
          onOpenAnnotation={(documentId, annotationId) => {
            // Opening the document first makes sure the Read view shows, even when that
            // document is the one open there already.
            onOpenDocument(documentId);
            onOpenAnnotation(documentId, annotationId);
          }}
          onSelect={(id) => show(id)}
          onSideBySide={(documentIds) =>
            onCompare({ documentIds, focus: { kind: 'entity', id: selected.entity.id }, show: true })
          }
        />
      ) : (
        <div className="entities-detail entities-placeholder">
          <p className="empty-note">
            {noEntities ? 'Entities you make show here.' : 'Choose an entity to see its names, outlets and mentions.'}
          </p>
        </div>
      )}
    </div>
  );
}

function optionId(entityId: string): string {
  return `entity-option-${entityId}`;
}
