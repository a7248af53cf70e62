/**
 * The Search view: every occurrence of a query across the articles, grouped by article, each
 * with its context and whether it already carries the chosen label; the person selects hits
 * (Space, or a click) and tags the selected ones, or every hit of the query, with a label and
 * optionally an entity, in one `annotations.createMany` call that one undo reverts.
 */
import { useEffect, useEffectEvent, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { SEARCH_PAGE } from '../../common/contract/search.js';
import { CREATE_MANY_MAX } from '../../common/contract/annotations.js';
import type { SearchHit } from '../../common/domain.js';
import { touches, useApi } from '../api/api-context.js';
import { useEntities, useLabels } from '../data/workspace-data.js';
import type { ViewProps } from './view-props.js';
import {
  buildItems,
  groupHits,
  hitKey,
  moveIndex,
  queryDefaults,
  snippetParts,
  summaryText,
  taggedText,
  toggleKey,
} from './search-model.js';

/** Hits one page of results shows. */
const PAGE = SEARCH_PAGE.default;

interface Submitted {
  query: string;
  caseSensitive?: boolean;
  wholeWord?: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function SearchView({ onOpenAnnotation, onOpenRange }: ViewProps) {
  const api = useApi();
  const labels = useLabels();
  const entities = useEntities();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const [text, setText] = useState('');
  // The toggles follow the query's defaults until the person sets them.
  const [caseOverride, setCaseOverride] = useState<boolean | null>(null);
  const [wordOverride, setWordOverride] = useState<boolean | null>(null);
  const defaults = useMemo(() => queryDefaults(text), [text]);
  const lastDefaults = useRef(defaults);
  useEffect(() => {
    const before = lastDefaults.current;
    lastDefaults.current = defaults;
    if (before.caseSensitive !== defaults.caseSensitive) setCaseOverride(null);
    if (before.wholeWord !== defaults.wholeWord) setWordOverride(null);
  }, [defaults]);
  const matchCase = caseOverride ?? defaults.caseSensitive;
  const wholeWords = wordOverride ?? defaults.wholeWord;

  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [total, setTotal] = useState(0);
  const [nextOffset, setNextOffset] = useState<number | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [selection, setSelection] = useState<Set<string>>(new Set());
  const [active, setActive] = useState(0);
  const [labelId, setLabelId] = useState('');
  const [entityId, setEntityId] = useState('');
  const [tagging, setTagging] = useState(false);
  // Per document on show: hit key → the id of an annotation with the chosen label on exactly it.
  const [tagged, setTagged] = useState<Map<string, string>>(new Map());
  const [taggedTick, setTaggedTick] = useState(0);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const chosenLabel = labels.byId.get(labelId) ?? labels.list[0];
  useEffect(() => {
    if (!labelId && labels.list[0]) setLabelId(labels.list[0].id);
  }, [labelId, labels.list]);

  // Searching: the first page whenever the submitted query changes.
  useEffect(() => {
    if (!submitted) return;
    let cancelled = false;
    setSearching(true);
    setError(null);
    api
      .call('search.query', { ...submitted, limit: PAGE, offset: 0 })
      .then((result) => {
        if (cancelled) return;
        setHits(result.hits);
        setTotal(result.total);
        setNextOffset(result.nextOffset);
        setSelection(new Set());
        setActive(0);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(messageOf(e));
      })
      .finally(() => {
        if (!cancelled) setSearching(false);
      });
    return () => {
      cancelled = true;
    };
  }, [api, submitted]);

  const submit = (overrides: { caseSensitive?: boolean | null; wholeWord?: boolean | null } = {}) => {
    const query = text.trim();
    if (!query) return;
    const c = overrides.caseSensitive !== undefined ? overrides.caseSensitive : caseOverride;
    const w = overrides.wholeWord !== undefined ? overrides.wholeWord : wordOverride;
    setStatus(null);
    setSubmitted({ query, ...(c !== null ? { caseSensitive: c } : {}), ...(w !== null ? { wholeWord: w } : {}) });
  };

  const showMore = () => {
    if (!submitted || nextOffset === null) return;
    setSearching(true);
    api
      .call('search.query', { ...submitted, limit: PAGE, offset: nextOffset })
      .then((result) => {
        setHits((before) => [...before, ...result.hits]);
        setTotal(result.total);
        setNextOffset(result.nextOffset);
      })
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => setSearching(false));
  };

  // Which hits already carry the chosen label: the label's annotations of the documents on show.
  const documentIds = useMemo(() => [...new Set(hits.map((h) => h.documentId))], [hits]);
  const refreshTagged = useEffectEvent(() => setTaggedTick((t) => t + 1));
  useEffect(
    () =>
      api.on('changed', (change) => {
        if (touches(change.records, ['annotation'])) refreshTagged();
      }),
    [api],
  );
  useEffect(() => {
    if (!chosenLabel || documentIds.length === 0) {
      setTagged(new Map());
      return;
    }
    let cancelled = false;
    Promise.all(documentIds.map((documentId) => api.call('annotations.list', { documentId, labelId: chosenLabel.id })))
      .then((lists) => {
        if (cancelled) return;
        const map = new Map<string, string>();
        for (const annotation of lists.flat()) {
          const [only] = annotation.fragments;
          if (annotation.fragments.length === 1 && only)
            map.set(hitKey({ documentId: annotation.documentId, ...only }), annotation.id);
        }
        setTagged(map);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(messageOf(e));
      });
    return () => {
      cancelled = true;
    };
  }, [api, documentIds, chosenLabel, taggedTick]);

  const groups = useMemo(() => groupHits(hits), [hits]);
  const optionId = (index: number) => `${id}-hit-${index}`;

  const openHit = (hit: SearchHit) => {
    const annotationId = tagged.get(hitKey(hit));
    if (annotationId) onOpenAnnotation(hit.documentId, annotationId);
    else onOpenRange(hit.documentId, { start: hit.start, end: hit.end });
  };

  const onListKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const moved = moveIndex(event.key, active, hits.length);
    if (moved !== null) {
      event.preventDefault();
      setActive(moved);
      document.getElementById(optionId(moved))?.scrollIntoView({ block: 'nearest' });
      return;
    }
    const hit = hits[active];
    if (!hit) return;
    if (event.key === ' ') {
      event.preventDefault();
      setSelection((s) => toggleKey(s, hitKey(hit)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      openHit(hit);
    }
  };

  const tag = async (which: 'selected' | 'all') => {
    if (!submitted || !chosenLabel) return;
    setTagging(true);
    setError(null);
    setStatus(null);
    try {
      let targets: SearchHit[];
      let capped = false;
      if (which === 'selected') {
        targets = hits.filter((h) => selection.has(hitKey(h)));
      } else if (nextOffset === null) {
        targets = hits;
      } else {
        const all = await api.call('search.query', { ...submitted, limit: CREATE_MANY_MAX, offset: 0 });
        targets = all.hits;
        capped = all.nextOffset !== null;
      }
      const items = buildItems(targets, chosenLabel.id, entityId || null);
      if (items.length === 0) return;
      const result = await api.call('annotations.createMany', {
        items,
        skipExisting: true,
        summary: `Tag “${submitted.query}” as ${chosenLabel.name}`.slice(0, 200),
      });
      let line = taggedText(submitted.query, chosenLabel.name, result.annotations.length, result.skipped.length);
      if (capped) line += ` Only the first ${CREATE_MANY_MAX} of ${total} hits were tagged.`;
      setStatus(line);
      if (which === 'selected') setSelection(new Set());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setTagging(false);
    }
  };

  const activeHit = hits[active];
  const complete = nextOffset === null;
  const sortedEntities = useMemo(
    () => [...entities.list].sort((a, b) => a.name.localeCompare(b.name)),
    [entities.list],
  );

  return (
    <section className="search-view" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="search-heading">
        Search
      </h2>
      <form
        className="search-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <input
          ref={inputRef}
          type="search"
          className="search-input"
          aria-label="Search the corpus"
          placeholder="Words, “phrases”, prefix*, AND / OR / NOT"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" disabled={!text.trim() || searching}>
          Search
        </button>
        <label className="search-toggle">
          <input
            type="checkbox"
            checked={matchCase}
            onChange={(event) => {
              setCaseOverride(event.target.checked);
              if (submitted) submit({ caseSensitive: event.target.checked });
            }}
          />
          Match case
        </label>
        <label className="search-toggle">
          <input
            type="checkbox"
            checked={wholeWords}
            onChange={(event) => {
              setWordOverride(event.target.checked);
              if (submitted) submit({ wholeWord: event.target.checked });
            }}
          />
          Whole words
        </label>
      </form>

      <div className="search-tagbar" role="group" aria-label="Tag hits">
        <label>
          Label{' '}
          <select value={chosenLabel?.id ?? ''} onChange={(event) => setLabelId(event.target.value)}>
            {labels.list.map((label) => (
              <option key={label.id} value={label.id}>
                {label.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Link to entity{' '}
          <select value={entityId} onChange={(event) => setEntityId(event.target.value)}>
            <option value="">none</option>
            {sortedEntities.map((entity) => (
              <option key={entity.id} value={entity.id}>
                {entity.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={tagging || selection.size === 0} onClick={() => void tag('selected')}>
          Tag selected hits{selection.size ? ` (${selection.size})` : ''}
        </button>
        <button type="button" disabled={tagging || total === 0 || !submitted} onClick={() => void tag('all')}>
          Tag all hits
        </button>
      </div>

      {error && (
        <p className="search-error" role="alert">
          {error}
        </p>
      )}
      <p className="search-status" role="status">
        {status ?? ''}
      </p>

      {submitted && !searching && (
        <p className="search-summary" aria-live="polite">
          {summaryText(total, groups.length, complete)}
          {!complete && ` (showing ${hits.length})`}
          {hits.length > 0 && <span className="search-hint"> · ↑↓ move, Space selects, Enter opens in Read</span>}
        </p>
      )}
      {submitted && searching && hits.length === 0 && <p className="search-summary">Searching…</p>}

      {hits.length > 0 && (
        <div
          ref={listRef}
          className="search-results"
          role="listbox"
          aria-label="Hits"
          aria-multiselectable="true"
          tabIndex={0}
          aria-activedescendant={activeHit ? optionId(active) : undefined}
          onKeyDown={onListKey}
        >
          {groups.map((group) => (
            <div key={group.documentId} role="group" aria-labelledby={`${id}-doc-${group.documentId}`}>
              <h3 className="search-article" id={`${id}-doc-${group.documentId}`}>
                {group.title}
                {group.outlet && <span className="search-outlet"> · {group.outlet}</span>}
                <span className="search-count"> ({group.hits.length})</span>
              </h3>
              {group.hits.map(({ hit, index }) => {
                const key = hitKey(hit);
                const selected = selection.has(key);
                const already = tagged.has(key);
                return (
                  <div
                    key={key}
                    id={optionId(index)}
                    role="option"
                    aria-selected={selected}
                    className={`search-hit${index === active ? ' active' : ''}`}
                    data-document-id={hit.documentId}
                    data-start={hit.start}
                    data-end={hit.end}
                    onClick={() => {
                      setActive(index);
                      setSelection((s) => toggleKey(s, key));
                      listRef.current?.focus();
                    }}
                    onDoubleClick={() => openHit(hit)}
                  >
                    <span className="search-check" aria-hidden="true">
                      {selected ? '☑' : '☐'}
                    </span>
                    <span className="search-snippet">
                      {snippetParts(hit.snippet).map((part, i) =>
                        part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                      )}
                    </span>
                    {already && chosenLabel && <span className="search-already">already {chosenLabel.name}</span>}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      )}
      {nextOffset !== null && (
        <button type="button" className="search-more" disabled={searching} onClick={showMore}>
          Show more
        </button>
      )}
    </section>
  );
}
