/**
 * A type-ahead combobox (ARIA 1.2 pattern) to link an annotation to a canonical entity or claim.
 * It starts empty and offers, before anything is typed, the existing records that best match the
 * annotation's quote (name, aliases, shared words: link-ranking.ts); typing narrows by what is
 * typed. It ends with "Create new …" (the typed text, else the quote), which creates the record in
 * place and links it — unless a record of exactly that name or alias exists already.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Claim, Entity } from '../../common/domain.js';
import { touches, useLiveQuery } from '../api/api-context.js';
import { plural, truncate } from './format.js';
import { hasExactName, rankForText } from './link-ranking.js';

export interface LinkComboboxProps {
  kind: 'entity' | 'claim';
  /** Accessible name of the input, e.g. "Link to an entity". */
  label: string;
  /** The text the suggestions match before anything is typed (the annotation's quote). */
  initialQuery: string;
  /** The "Create new …" option's text for a query. */
  createText: (query: string) => string;
  onLink: (id: string) => void;
  onCreate: (text: string) => void;
  /** Focus the input when shown. */
  autoFocus?: boolean;
  onCancel?: () => void;
}

type Option = { kind: 'record'; id: string; title: string; detail: string } | { kind: 'create'; text: string };

const MAX_OPTIONS = 20;

export function LinkCombobox(props: LinkComboboxProps) {
  const { kind } = props;
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const optionId = (i: number) => `${listId}-option-${i}`;

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(query.trim()), 120);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    if (props.autoFocus) inputRef.current?.focus();
  }, [props.autoFocus]);

  // Every record once (an analyst's workspace holds hundreds to a few thousand), ranked here.
  const entities = useLiveQuery(
    'entities.list',
    kind === 'entity' ? {} : null,
    (change) => touches(change.records, ['entity']),
    { keepPrevious: true },
  );
  const claims = useLiveQuery(
    'claims.list',
    kind === 'claim' ? {} : null,
    (change) => touches(change.records, ['claim']),
    { keepPrevious: true },
  );

  const text = debounced || props.initialQuery.trim();
  const options: Option[] = [];
  if (kind === 'entity') {
    const records = ((entities.data ?? []) as Entity[]).map((e) => ({ ...e, names: [e.name, ...e.aliases] }));
    for (const e of rankForText(records, text, MAX_OPTIONS)) {
      options.push({
        kind: 'record',
        id: e.id,
        title: `${e.name} (${e.type})`,
        detail: [
          e.aliases.length ? `also ${truncate(e.aliases.join(', '), 60)}` : '',
          plural(e.mentionCount, 'mention'),
        ]
          .filter(Boolean)
          .join(' · '),
      });
    }
    if (text && !hasExactName(records, text)) options.push({ kind: 'create', text });
  } else {
    const records = ((claims.data ?? []) as Claim[]).map((c) => ({ ...c, names: [c.summary] }));
    for (const c of rankForText(records, text, MAX_OPTIONS)) {
      options.push({
        kind: 'record',
        id: c.id,
        title: truncate(c.summary, 100),
        detail: plural(c.mentionCount, 'mention'),
      });
    }
    if (text && !hasExactName(records, text)) options.push({ kind: 'create', text });
  }
  const activeIndex = Math.min(active, options.length - 1);

  function choose(option: Option | undefined) {
    if (!option) return;
    setOpen(false);
    if (option.kind === 'record') props.onLink(option.id);
    else props.onCreate(option.text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        if (!open) setOpen(true);
        else setActive(Math.min(options.length - 1, activeIndex + 1));
        break;
      case 'ArrowUp':
        if (open) setActive(Math.max(0, activeIndex - 1));
        break;
      case 'Enter':
        if (open) choose(options[activeIndex]);
        else setOpen(true);
        break;
      case 'Escape':
        if (open) setOpen(false);
        else if (props.onCancel) props.onCancel();
        else return;
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div className="combobox">
      <input
        ref={inputRef}
        type="text"
        role="combobox"
        aria-label={props.label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options.length ? optionId(activeIndex) : undefined}
        value={query}
        placeholder={kind === 'entity' ? 'Name or alias…' : 'Claim summary…'}
        onChange={(e) => {
          setQuery(e.target.value);
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
        aria-label={`${props.label}: suggestions`}
        className="combobox-list"
        hidden={!open}
      >
        {options.map((option, i) => (
          <li
            key={option.kind === 'record' ? option.id : 'create'}
            id={optionId(i)}
            role="option"
            aria-selected={i === activeIndex}
            className={`combobox-option${i === activeIndex ? ' active' : ''}${option.kind === 'create' ? ' create' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(option)}
          >
            {option.kind === 'record' ? (
              <>
                <span className="option-title">{option.title}</span>{' '}
                <span className="option-detail">{option.detail}</span>
              </>
            ) : (
              <span className="option-title">{props.createText(option.text)}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
