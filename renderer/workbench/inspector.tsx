/**
 * The inspector of the selected annotation: its label, attributes (claim stance), its link to a
 * canonical entity or claim (with "Create new …" in place), the linked entity's aliases, its
 * relations, every other mention of the same entity or claim across the corpus, its status,
 * note, author and dates. Every change goes through the API; what shows comes back from it.
 */
import { useEffect, useRef, useState, type Ref } from 'react';
import type { Annotation, Entity } from '../../common/domain.js';
import { ANNOTATION_STATUSES } from '../../common/domain.js';
import type { ParamsOf } from '../../common/contract.js';
import { useApi } from '../api/api-context.js';
import { useClaims, useEntities, useLabels } from '../data/workspace-data.js';
import type { DocumentSession } from '../session/document-session.js';
import { isPendingId } from '../session/document-session.js';
import { useNotifier } from '../ui/toasts.js';
import { useAnnounce } from '../ui/announcer.js';
import { entityTypeOf, formatRelative, formatTimestamp, truncate } from './format.js';
import { AliasList } from './alias-list.js';
import { LinkCombobox } from './link-combobox.js';
import { MentionsSection } from './mentions-section.js';
import { RelationsSection } from './relations-section.js';

export interface InspectorProps {
  annotation: Annotation | null;
  session: DocumentSession | null;
  onOpenAnnotation: (documentId: string, annotationId: string) => void;
  onStartPick: (type: string) => void;
  onDelete: (id: string) => void;
  headingRef?: Ref<HTMLHeadingElement>;
}

export function Inspector(props: InspectorProps) {
  const { annotation } = props;
  return (
    <aside className="panel inspector" aria-labelledby="inspector-heading">
      <div className="panel-header">
        <h2 id="inspector-heading" ref={props.headingRef} tabIndex={-1}>
          {annotation ? 'Annotation' : 'Inspector'}
        </h2>
      </div>
      <div className="inspector-body">
        {annotation ? (
          <AnnotationDetails key={annotation.id} {...props} annotation={annotation} />
        ) : (
          <p className="muted empty-note">
            Select an annotation to inspect it: click it in the text, press Tab in the text, or pick it from the list of
            annotations.
          </p>
        )}
      </div>
    </aside>
  );
}

function AnnotationDetails(props: InspectorProps & { annotation: Annotation }) {
  const { annotation, session } = props;
  const api = useApi();
  const notifier = useNotifier();
  const announce = useAnnounce();
  const labels = useLabels();
  const entities = useEntities();
  const claims = useClaims();
  const label = labels.byId.get(annotation.labelId);
  const pending = isPendingId(annotation.id);
  const entity = annotation.entityId ? entities.byId.get(annotation.entityId) : undefined;
  const claim = annotation.claimId ? claims.byId.get(annotation.claimId) : undefined;
  const [relinking, setRelinking] = useState(false);
  // After a link is chosen in the box (which then goes), the focus moves to "Change link", so a
  // keyboard user stays in the inspector instead of falling back to the page.
  const changeLinkRef = useRef<HTMLButtonElement>(null);
  const [focusLink, setFocusLink] = useState(false);

  /** Changes the annotation; false (the error shown) when the workspace refused. */
  async function update(patch: Omit<ParamsOf<'annotations.update'>, 'id'>, done?: string): Promise<boolean> {
    try {
      const updated = await api.call('annotations.update', { id: annotation.id, ...patch });
      session?.apply(updated);
      if (done) announce(done);
      return true;
    } catch (error) {
      notifier.error(error);
      return false;
    }
  }

  async function createEntityAndLink(name: string) {
    try {
      const created = await api.call('entities.create', { name, type: entityTypeOf(label) });
      const ok = await update({ entityId: created.id }, `Linked to the new entity ${created.name}`);
      setRelinking(false);
      setFocusLink(ok);
    } catch (error) {
      notifier.error(error);
    }
  }

  async function createClaimAndLink(summary: string) {
    try {
      const created = await api.call('claims.create', { summary });
      const ok = await update({ claimId: created.id }, 'Linked to the new claim');
      setRelinking(false);
      setFocusLink(ok);
    } catch (error) {
      notifier.error(error);
    }
  }

  const linkKind: 'entity' | 'claim' = label?.kind === 'claim' ? 'claim' : 'entity';
  const linked = linkKind === 'entity' ? annotation.entityId : annotation.claimId;

  useEffect(() => {
    if (!focusLink || !linked || relinking) return;
    setFocusLink(false);
    changeLinkRef.current?.focus();
  }, [focusLink, linked, relinking]);

  return (
    <div className="annotation-details" aria-busy={pending || undefined}>
      <blockquote className="quote">
        <span className="swatch" aria-hidden="true" style={{ backgroundColor: label?.color ?? '#888' }} />
        {truncate(annotation.quote, 400)}
        {annotation.fragments.length > 1 && (
          <span className="muted small"> ({annotation.fragments.length} fragments)</span>
        )}
      </blockquote>

      <div className="field-grid">
        <label htmlFor="inspector-label">Label</label>
        <select
          id="inspector-label"
          value={annotation.labelId}
          disabled={pending}
          onChange={(e) => void update({ labelId: e.target.value }, 'Label changed')}
        >
          {labels.list.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
              {l.key ? ` (${l.key})` : ''}
            </option>
          ))}
        </select>
        {(label?.attributes ?? []).map((definition) => (
          <AttributeField
            key={definition.name}
            name={definition.name}
            values={definition.values}
            value={annotation.attributes[definition.name] ?? ''}
            disabled={pending}
            onChange={(value) =>
              void update(
                { attributes: { ...annotation.attributes, [definition.name]: value } },
                `${definition.name}: ${value}`,
              )
            }
          />
        ))}
      </div>

      <section className="inspector-section" aria-labelledby="link-heading">
        <h3 id="link-heading">{linkKind === 'entity' ? 'Entity' : 'Claim'}</h3>
        {linked && !relinking ? (
          <div className="linked">
            <p className="linked-name">
              {linkKind === 'entity' ? (
                entity ? (
                  <>
                    <strong>{entity.name}</strong> <span className="muted">({entity.type})</span>
                  </>
                ) : (
                  <span className="muted">Loading entity…</span>
                )
              ) : claim ? (
                <strong>{claim.summary}</strong>
              ) : (
                <span className="muted">Loading claim…</span>
              )}
            </p>
            <div className="button-row">
              <button type="button" ref={changeLinkRef} onClick={() => setRelinking(true)}>
                Change link
              </button>
              <button
                type="button"
                onClick={() =>
                  void update(linkKind === 'entity' ? { entityId: null } : { claimId: null }, 'Link removed')
                }
              >
                Unlink
              </button>
            </div>
          </div>
        ) : pending ? (
          <p className="muted small">Saving…</p>
        ) : (
          <LinkCombobox
            kind={linkKind}
            label={linkKind === 'entity' ? 'Link to an entity' : 'Link to a claim'}
            initialQuery={
              linkKind === 'entity' ? annotation.quote.trim().slice(0, 300) : annotation.quote.trim().slice(0, 2000)
            }
            autoFocus={relinking}
            onCancel={relinking ? () => setRelinking(false) : undefined}
            createText={(q) =>
              linkKind === 'entity'
                ? `Create new ${entityTypeOf(label) === 'other' ? 'entity' : entityTypeOf(label)} “${truncate(q, 60)}”`
                : `Create new claim “${truncate(q, 60)}”`
            }
            onLink={(id) => {
              void update(linkKind === 'entity' ? { entityId: id } : { claimId: id }, 'Linked').then((ok) => {
                setRelinking(false);
                setFocusLink(ok);
              });
            }}
            onCreate={(text) => void (linkKind === 'entity' ? createEntityAndLink(text) : createClaimAndLink(text))}
          />
        )}
      </section>

      {linkKind === 'entity' && entity && !relinking && <AliasesSection entity={entity} quote={annotation.quote} />}

      {!pending && (
        <RelationsSection
          annotation={annotation}
          label={label}
          onGo={props.onOpenAnnotation}
          onStartPick={props.onStartPick}
        />
      )}

      {linked && !pending && (
        <MentionsSection kind={linkKind} id={linked} currentId={annotation.id} onOpen={props.onOpenAnnotation} />
      )}

      <section className="inspector-section" aria-labelledby="details-heading">
        <h3 id="details-heading">Details</h3>
        <div className="field-grid">
          <label htmlFor="inspector-status">Status</label>
          <select
            id="inspector-status"
            value={annotation.status}
            disabled={pending}
            onChange={(e) =>
              void update({ status: e.target.value as Annotation['status'] }, `Status: ${e.target.value}`)
            }
          >
            {ANNOTATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <NoteField
          value={annotation.note}
          disabled={pending}
          onSave={(note) => update({ note }, 'Note saved').then(() => undefined)}
        />
        <dl className="meta-list">
          <dt>Author</dt>
          <dd>{annotation.author}</dd>
          <dt>Created</dt>
          <dd>
            <time dateTime={annotation.createdAt} title={formatTimestamp(annotation.createdAt)}>
              {formatRelative(annotation.createdAt)}
            </time>
          </dd>
          {annotation.updatedAt !== annotation.createdAt && (
            <>
              <dt>Changed</dt>
              <dd>
                <time dateTime={annotation.updatedAt} title={formatTimestamp(annotation.updatedAt)}>
                  {formatRelative(annotation.updatedAt)}
                </time>
              </dd>
            </>
          )}
        </dl>
        <button type="button" className="danger" disabled={pending} onClick={() => props.onDelete(annotation.id)}>
          Delete annotation
        </button>
      </section>
    </div>
  );
}

function AttributeField(props: {
  name: string;
  values: readonly string[];
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  const id = `inspector-attribute-${props.name}`;
  return (
    <>
      <label htmlFor={id}>{props.name.charAt(0).toUpperCase() + props.name.slice(1)}</label>
      <select id={id} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)}>
        {!props.values.includes(props.value) && <option value="">—</option>}
        {props.values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </>
  );
}

function NoteField(props: { value: string; disabled: boolean; onSave: (note: string) => Promise<void> }) {
  const [draft, setDraft] = useState(props.value);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(props.value);
  }, [props.value, editing]);
  const dirty = draft !== props.value;
  const save = () => {
    if (dirty) void props.onSave(draft);
  };
  return (
    <div className="note-field">
      <label htmlFor="inspector-note">Note</label>
      <textarea
        id="inspector-note"
        rows={3}
        value={draft}
        disabled={props.disabled}
        onFocus={() => setEditing(true)}
        onBlur={() => {
          setEditing(false);
          save();
        }}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            save();
          }
        }}
      />
      <span className="muted small" aria-live="polite">
        {dirty ? 'Unsaved (saved when you leave the field, or Ctrl+Enter)' : ''}
      </span>
    </div>
  );
}

function AliasesSection({ entity, quote }: { entity: Entity; quote: string }) {
  const api = useApi();
  const notifier = useNotifier();
  const announce = useAnnounce();
  const names = [entity.name, ...entity.aliases];
  const suggestion = quote.trim();
  const canSuggest = suggestion && suggestion.length <= 300 && !names.includes(suggestion);

  async function setAliases(aliases: string[], done: string) {
    try {
      await api.call('entities.update', { id: entity.id, aliases });
      announce(done);
    } catch (error) {
      notifier.error(error);
    }
  }

  return (
    <section className="inspector-section" aria-labelledby="aliases-heading">
      <h3 id="aliases-heading">Names of {entity.name}</h3>
      <AliasList entityName={entity.name} aliases={entity.aliases} onChange={setAliases} />
      {canSuggest && (
        <button
          type="button"
          className="link-button small"
          onClick={() => void setAliases([...entity.aliases, suggestion], `Added alias ${suggestion}`)}
        >
          Add “{truncate(suggestion, 40)}” as an alias
        </button>
      )}
    </section>
  );
}
