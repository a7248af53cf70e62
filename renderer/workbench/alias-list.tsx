/**
 * An entity's aliases with a remove button each and a field to add one: the inspector's "Names
 * of …" section and the Entities view share it. `onChange` stores the new list; the typed alias
 * is cleared unless it answers `false` (the change was refused and the text is worth keeping).
 */
import { useState } from 'react';

export interface AliasListProps {
  entityName: string;
  aliases: readonly string[];
  onChange: (aliases: string[], done: string) => Promise<boolean | void>;
}

export function AliasList({ entityName, aliases, onChange }: AliasListProps) {
  const [draft, setDraft] = useState('');
  return (
    <>
      <ul className="alias-list" aria-label={`Aliases of ${entityName}`}>
        {aliases.map((alias) => (
          <li key={alias} className="alias">
            <span>{alias}</span>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove alias ${alias}`}
              onClick={() =>
                void onChange(
                  aliases.filter((a) => a !== alias),
                  `Removed alias ${alias}`,
                )
              }
            >
              ×
            </button>
          </li>
        ))}
        {aliases.length === 0 && <li className="muted small">No aliases yet.</li>}
      </ul>
      <form
        className="alias-add"
        onSubmit={(e) => {
          e.preventDefault();
          const alias = draft.trim();
          if (!alias) return;
          void onChange([...aliases, alias], `Added alias ${alias}`).then((ok) => {
            if (ok !== false) setDraft('');
          });
        }}
      >
        <input
          type="text"
          aria-label={`New alias of ${entityName}`}
          placeholder="Another name…"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit">Add alias</button>
      </form>
    </>
  );
}
