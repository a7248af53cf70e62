/**
 * Side by side: two or three articles in columns, each in its own reader, and one claim or
 * entity highlighted in all of them at once, each column scrolled to its first mention. Reached
 * from its tab, its key, or from a claim's row in the Claims view and an entity in the Entities
 * view ("Side by side"), which open the articles carrying it with it highlighted.
 *
 * From 1000 px wide the columns stand side by side; narrower, they stack, each keeping most of
 * the window's height for its text.
 */
import { useMemo } from 'react';
import { useClaims, useDocumentSummaries, useEntities } from '../data/workspace-data.js';
import { truncate } from '../workbench/format.js';
import { CompareColumn } from './compare-column.js';
import { focusKey, MAX_COLUMNS, parseFocusKey, resolveColumns, type CompareFocus } from './compare-model.js';
import type { ViewProps } from './view-props.js';

export function CompareView(props: ViewProps) {
  const documents = useDocumentSummaries();
  const claims = useClaims();
  const entities = useEntities();
  const { compare, onCompare } = props;

  const columns = resolveColumns(
    compare.documentIds,
    documents.list.map((d) => d.id),
    props.openDocumentId,
  );
  const focus = compare.focus;
  const focusName =
    focus?.kind === 'claim'
      ? (claims.byId.get(focus.id)?.summary ?? null)
      : focus?.kind === 'entity'
        ? (entities.byId.get(focus.id)?.name ?? null)
        : null;

  const sortedClaims = useMemo(
    () => [...claims.list].sort((a, b) => a.summary.localeCompare(b.summary)),
    [claims.list],
  );
  const sortedEntities = useMemo(
    () => [...entities.list].sort((a, b) => a.name.localeCompare(b.name)),
    [entities.list],
  );

  const setColumns = (ids: string[]) => onCompare({ documentIds: ids });
  const setFocus = (next: CompareFocus | null) => onCompare({ focus: next });
  const addable = documents.list.find((d) => !columns.includes(d.id));

  return (
    <section className="compare-view" aria-labelledby="compare-heading">
      <div className="compare-toolbar">
        <h2 id="compare-heading">Side by side</h2>
        <label className="compare-focus">
          <span>Highlight</span>
          <select value={focusKey(focus)} onChange={(e) => setFocus(parseFocusKey(e.target.value))}>
            <option value="">Nothing</option>
            {sortedClaims.length > 0 && (
              <optgroup label="Claims">
                {sortedClaims.map((c) => (
                  <option key={c.id} value={focusKey({ kind: 'claim', id: c.id })}>
                    {truncate(c.summary, 70)}
                  </option>
                ))}
              </optgroup>
            )}
            {sortedEntities.length > 0 && (
              <optgroup label="Entities">
                {sortedEntities.map((e) => (
                  <option key={e.id} value={focusKey({ kind: 'entity', id: e.id })}>
                    {e.name}
                    {e.aliases.length ? ` (${truncate(e.aliases.join(', '), 40)})` : ''}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        {focus && (
          <span className="compare-legend">
            <span className="compare-swatch" aria-hidden="true" />
            Mentions of the highlighted {focus.kind}
          </span>
        )}
        <button
          type="button"
          className="compare-add"
          disabled={columns.length >= MAX_COLUMNS || !addable}
          title={columns.length >= MAX_COLUMNS ? `At most ${MAX_COLUMNS} columns` : undefined}
          onClick={() => addable && setColumns([...columns, addable.id])}
        >
          Add a column
        </button>
      </div>
      <p id="compare-reader-help" className="visually-hidden">
        Read-only text. Click a linked mention to highlight its claim or entity in every column. Tag in the Read view.
      </p>
      {documents.loaded && columns.length === 0 ? (
        <p className="empty-note">No documents yet: import articles to read them side by side.</p>
      ) : (
        <div className="compare-columns" style={{ '--columns': columns.length } as React.CSSProperties}>
          {columns.map((id, i) => (
            <CompareColumn
              key={`${i}:${id}`}
              index={i}
              documentId={id}
              documents={documents.list}
              elsewhere={columns.filter((other) => other !== id)}
              focus={focus}
              focusName={focusName}
              canRemove={columns.length > 2}
              onChooseDocument={(chosen) => {
                // Choosing an article shown in another column swaps the two.
                const next = [...columns];
                const other = next.indexOf(chosen);
                if (other >= 0) next[other] = id;
                next[i] = chosen;
                setColumns(next);
              }}
              onRemove={() => setColumns(columns.filter((_, j) => j !== i))}
              onFocus={setFocus}
              onOpenAnnotation={props.onOpenAnnotation}
              onOpenDocument={props.onOpenDocument}
            />
          ))}
        </div>
      )}
    </section>
  );
}
