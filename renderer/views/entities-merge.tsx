/**
 * "Merge into…": a combobox (ARIA 1.2 pattern) over the entity index to choose the entity the
 * shown one is merged into, then a confirmation naming both. The merge itself is one undoable
 * step of the API (`entities.merge`), which keeps the merged entity's names as aliases.
 */
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { touches, useLiveQuery } from '../api/api-context.js';
import { useEntities } from '../data/workspace-data.js';
import type { EntityIndexEntry } from '../../common/domain.js';
import { plural, truncate } from '../workbench/format.js';
import { mergeCandidates } from './entities-logic.js';

/** Candidates offered at once. */
const MAX_OPTIONS = 8;

export interface EntitiesMergeProps {
  source: EntityIndexEntry;
  onMerge: (target: EntityIndexEntry) => Promise<void>;
}

export function EntitiesMerge({ source, onMerge }: EntitiesMergeProps) {
  const [text, setText] = useState('');
  // The candidates: the entities whose name or alias starts with (else contains) what is typed,
  // found among every entity's names (the workspace's entity list); their counts come from the
  // index for those few alone, never from the whole index. Nothing typed: the most mentioned.
  const [typed, setTyped] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTyped(text.trim()), 120);
    return () => clearTimeout(timer);
  }, [text]);
  const all = useEntities().list;
  const named = useMemo(
    () =>
      typed
        ? mergeCandidates(
            all.map((entity) => ({ entity, mentionCount: 0, documents: [] })),
            source.entity.id,
            typed,
            MAX_OPTIONS,
          ).map((e) => e.entity.id)
        : [],
    [all, source.entity.id, typed],
  );
  const found = useLiveQuery(
    'entities.index',
    typed ? { ids: named } : { limit: MAX_OPTIONS + 1 },
    (change) => touches(change.records, ['entity', 'annotation']),
    { keepPrevious: true },
  );
  const entries = found.data ?? [];
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<EntityIndexEntry | null>(null);
  const [busy, setBusy] = useState(false);
  const listId = useId();
  const options = mergeCandidates(entries, source.entity.id, text);
  const activeIndex = Math.min(active, options.length - 1);

  function choose(option: EntityIndexEntry | undefined) {
    if (!option) return;
    setChosen(option);
    setText(option.entity.name);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((a) =>
        options.length ? (Math.max(0, Math.min(a, options.length - 1)) + step + options.length) % options.length : 0,
      );
    } else if (event.key === 'Enter') {
      if (open && options.length) {
        event.preventDefault();
        choose(options[activeIndex]);
      }
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  async function confirm() {
    if (!chosen) return;
    setBusy(true);
    try {
      await onMerge(chosen);
    } finally {
      setBusy(false);
      setChosen(null);
      setText('');
    }
  }

  return (
    <div className="entities-merge">
      <div className="entities-combobox">
        <input
          type="text"
          role="combobox"
          aria-label="Merge into…"
          placeholder="Merge into…"
          aria-autocomplete="list"
          aria-expanded={open && options.length > 0}
          aria-controls={listId}
          aria-activedescendant={open && options.length ? `${listId}-${activeIndex}` : undefined}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setChosen(null);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label="Merge into…: entities"
          className="entities-combobox-list"
          hidden={!open || options.length === 0}
        >
          {options.map((option, i) => (
            <li
              key={option.entity.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              className="entities-combobox-option"
              // Keep the focus in the input: a click chooses without blurring it first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(option)}
            >
              <span>
                {option.entity.name} <span className="muted">({option.entity.type})</span>
              </span>
              <span className="muted small">
                {option.entity.aliases.length ? `also ${truncate(option.entity.aliases.join(', '), 40)} · ` : ''}
                {plural(option.mentionCount, 'mention')}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {chosen && (
        <div className="entities-confirm" role="group" aria-label="Confirm the merge">
          <p>
            Merge “{source.entity.name}” into “{chosen.entity.name}”? Its {plural(source.mentionCount, 'mention')} and
            its names move there, and “{source.entity.name}” is deleted. Ctrl+Z undoes it.
          </p>
          <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
            Merge into {chosen.entity.name}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setChosen(null);
              setText('');
            }}
          >
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
