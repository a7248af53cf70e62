/**
 * One entity in the Entities view: its name (renamed in place), type and aliases; the names it
 * goes by in each article; a chart of its mentions by outlet; every mention, a click away in
 * the Read view, each of which can move off to a new entity; merge into another entity; delete.
 * Every change is one call of the API, so one undoable step.
 */
import { useState, type RefObject } from 'react';
import { ENTITY_TYPES, type EntityIndexEntry, type EntityType, type Mention } from '../../common/domain.js';
import { touches, useApi, useLiveQuery } from '../api/api-context.js';
import { useAnnounce } from '../ui/announcer.js';
import { useNotifier } from '../ui/toasts.js';
import { AliasList } from '../workbench/alias-list.js';
import { plural, truncate } from '../workbench/format.js';
import { EntitiesChart } from './entities-chart.js';
import { contextAfter, contextBefore, outletBars, outletName } from './entities-logic.js';
import { EntitiesMerge } from './entities-merge.js';
import { MAX_COLUMNS } from './compare-model.js';

export interface EntitiesDetailProps {
  entry: EntityIndexEntry;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onOpenAnnotation: (documentId: string, annotationId: string) => void;
  /** Shows another entity (after a merge or a split), or none (after a delete). */
  onSelect: (id: string | null) => void;
  /** Reads these articles side by side with the entity highlighted. */
  onSideBySide: (documentIds: string[]) => void;
}

export function EntitiesDetail({ entry, headingRef, onOpenAnnotation, onSelect, onSideBySide }: EntitiesDetailProps) {
  const api = useApi();
  const notifier = useNotifier();
  const announce = useAnnounce();
  const { entity } = entry;
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const mentions = useLiveQuery(
    'entities.mentions',
    { id: entity.id },
    (change) => touches(change.records, ['annotation', 'entity', 'document']),
    { keepPrevious: true },
  );

  async function run(action: () => Promise<unknown>, done: string): Promise<boolean> {
    try {
      await action();
      announce(done);
      return true;
    } catch (error) {
      notifier.error(error);
      return false;
    }
  }

  async function rename() {
    const name = renaming?.trim() ?? '';
    if (!name || name === entity.name) return setRenaming(null);
    if (await run(() => api.call('entities.update', { id: entity.id, name }), `Renamed to ${name}`)) {
      setRenaming(null);
    }
  }

  const setAliases = (aliases: string[], done: string) =>
    run(() => api.call('entities.update', { id: entity.id, aliases }), done);

  const byDocument = groupByDocument(mentions.data ?? []);
  const bars = outletBars(entry);

  return (
    <section className="entities-detail" aria-labelledby="entities-detail-heading">
      <header className="entities-detail-header">
        {renaming === null ? (
          <>
            <h2 id="entities-detail-heading" ref={headingRef} tabIndex={-1}>
              {entity.name}
            </h2>
            <button type="button" onClick={() => setRenaming(entity.name)}>
              Rename
            </button>
            {entry.documents.length > 0 && (
              <button
                type="button"
                title="Read the articles that mention it most side by side, its mentions highlighted"
                onClick={() =>
                  onSideBySide(
                    [...entry.documents]
                      .sort((a, b) => b.count - a.count)
                      .slice(0, MAX_COLUMNS)
                      .map((d) => d.documentId),
                  )
                }
              >
                Read side by side
              </button>
            )}
          </>
        ) : (
          <form
            className="entities-rename"
            onSubmit={(e) => {
              e.preventDefault();
              void rename();
            }}
          >
            <h2 id="entities-detail-heading" className="visually-hidden">
              {entity.name}
            </h2>
            <input
              type="text"
              aria-label={`Name of ${entity.name}`}
              value={renaming}
              // The person asked to rename: the field takes the focus.
              autoFocus
              onChange={(e) => setRenaming(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  setRenaming(null);
                  requestAnimationFrame(() => headingRef.current?.focus());
                }
              }}
            />
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => setRenaming(null)}>
              Cancel
            </button>
          </form>
        )}
        <label className="entities-field">
          <span>Type</span>
          <select
            aria-label={`Type of ${entity.name}`}
            value={entity.type}
            onChange={(e) => {
              const type = e.target.value as EntityType;
              void run(() => api.call('entities.update', { id: entity.id, type }), `Now a ${type}`);
            }}
          >
            {ENTITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {plural(entry.mentionCount, 'mention')} in {plural(entry.documents.length, 'article')}
        </span>
      </header>

      <div className="entities-detail-grid">
        <div className="entities-stack">
          <section className="entities-card" aria-labelledby="entities-aliases-heading">
            <h3 id="entities-aliases-heading">Aliases</h3>
            <AliasList entityName={entity.name} aliases={entity.aliases} onChange={setAliases} />
          </section>

          <section className="entities-card" aria-labelledby="entities-merge-heading">
            <h3 id="entities-merge-heading">Merge</h3>
            <p className="muted small">The same entity under another record? Merge this one into it.</p>
            <EntitiesMerge
              source={entry}
              onMerge={async (target) => {
                const ok = await run(
                  () => api.call('entities.merge', { targetId: target.entity.id, sourceId: entity.id }),
                  `Merged ${entity.name} into ${target.entity.name}`,
                );
                if (ok) onSelect(target.entity.id);
              }}
            />
          </section>

          <section className="entities-card" aria-labelledby="entities-delete-heading">
            <h3 id="entities-delete-heading">Delete</h3>
            {confirmDelete ? (
              <div className="entities-confirm" role="group" aria-label="Confirm the delete">
                <p>
                  Delete “{entity.name}”? Its {plural(entry.mentionCount, 'mention')} stay in the articles, unlinked.
                </p>
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    void run(() => api.call('entities.delete', { id: entity.id }), `Deleted ${entity.name}`).then(
                      (ok) => {
                        setConfirmDelete(false);
                        if (ok) onSelect(null);
                      },
                    )
                  }
                >
                  Delete {entity.name}
                </button>{' '}
                <button type="button" onClick={() => setConfirmDelete(false)}>
                  Cancel
                </button>
              </div>
            ) : (
              <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
                Delete entity…
              </button>
            )}
          </section>
        </div>

        <section className="entities-card" aria-labelledby="entities-chart-heading">
          <h3 id="entities-chart-heading">Mentions by outlet</h3>
          {bars.length ? (
            <EntitiesChart name={entity.name} bars={bars} />
          ) : (
            <p className="muted">Not mentioned in any article yet.</p>
          )}
        </section>

        <section className="entities-card entities-wide" aria-labelledby="entities-forms-heading">
          <h3 id="entities-forms-heading">Names used per outlet</h3>
          {entry.documents.length ? (
            <table className="entities-table">
              <thead>
                <tr>
                  <th scope="col">Outlet</th>
                  <th scope="col">Article</th>
                  <th scope="col" className="number">
                    Mentions
                  </th>
                  <th scope="col">Names used there</th>
                </tr>
              </thead>
              <tbody>
                {entry.documents.map((d) => (
                  <tr key={d.documentId}>
                    <th scope="row">{outletName(d)}</th>
                    <td>{truncate(d.title, 70)}</td>
                    <td className="number">{d.count}</td>
                    <td>
                      <ul className="entities-names">
                        {d.names.map((n) => (
                          <li key={n}>{truncate(n, 60)}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No mentions yet.</p>
          )}
        </section>

        <section className="entities-card entities-wide" aria-labelledby="entities-mentions-heading">
          <h3 id="entities-mentions-heading">Mentions</h3>
          {byDocument.map(({ documentId, title, outlet, mentions: list }) => (
            <div key={documentId} className="entities-mention-group">
              <h4>
                {outletName({ outlet, title })}
                {outlet ? <span className="muted"> — {truncate(title, 70)}</span> : null}
              </h4>
              <ul className="entities-mentions">
                {list.map((m) => (
                  <li key={m.id}>
                    <span className="entities-context">
                      <span className="muted">{contextBefore(m.prefix)}</span>
                      <mark className="entities-quote">{truncate(m.quote, 120)}</mark>
                      <span className="muted">{contextAfter(m.suffix)}</span>
                    </span>
                    <span className="entities-mention-actions">
                      <button
                        type="button"
                        aria-label={`Go to mention “${truncate(m.quote, 40)}” in ${outletName({ outlet, title })}`}
                        onClick={() => onOpenAnnotation(m.documentId, m.id)}
                      >
                        Go to mention
                      </button>
                      {entry.mentionCount > 1 && (
                        <button
                          type="button"
                          aria-label={`Move “${truncate(m.quote, 40)}” in ${outletName({ outlet, title })} to a new entity`}
                          onClick={() =>
                            void run(
                              async () => {
                                const created = await api.call('entities.splitMention', { annotationId: m.id });
                                onSelect(created.id);
                              },
                              `Moved “${truncate(m.quote, 40)}” to a new entity`,
                            )
                          }
                        >
                          Move to a new entity
                        </button>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {mentions.data && byDocument.length === 0 && <p className="muted">No mentions yet.</p>}
        </section>
      </div>
    </section>
  );
}

/** Mentions grouped by article, in the order they come (publication order). */
function groupByDocument(
  mentions: readonly Mention[],
): Array<{ documentId: string; title: string; outlet: string | null; mentions: Mention[] }> {
  const groups = new Map<string, { documentId: string; title: string; outlet: string | null; mentions: Mention[] }>();
  for (const m of mentions) {
    let group = groups.get(m.documentId);
    if (!group) {
      group = { documentId: m.documentId, title: m.documentTitle, outlet: m.documentOutlet, mentions: [] };
      groups.set(m.documentId, group);
    }
    group.mentions.push(m);
  }
  return [...groups.values()];
}
