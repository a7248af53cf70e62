/**
 * The open article's details under its title (outlet, date, author, where it came from) and the
 * form that edits them (`documents.update`, one undoable step): title, outlet, publication date,
 * author. The text itself never changes, so the reader and every annotation stay as they are.
 * Enter saves, Escape cancels; the focus returns to the Edit button.
 */
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Document } from '../../common/domain.js';
import { useApi } from '../api/api-context.js';
import { useAnnounce } from '../ui/announcer.js';
import { useNotifier } from '../ui/toasts.js';
import { formatDate } from './format.js';

/** The author kept in a document's metadata, if any. */
function authorOf(document: Document): string | null {
  const author = document.metadata.author;
  return typeof author === 'string' && author.trim() ? author : null;
}

export function DocumentDetails({ document }: { document: Document }) {
  const api = useApi();
  const notifier = useNotifier();
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const editRef = useRef<HTMLButtonElement>(null);
  const author = authorOf(document);

  const close = () => {
    setEditing(false);
    requestAnimationFrame(() => editRef.current?.focus());
  };

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setSaving(true);
    try {
      await api.call('documents.update', {
        id: document.id,
        title: text('title'),
        outlet: text('outlet') || null,
        publishedAt: text('publishedAt') || null,
        author: text('author') || null,
      });
      announce('Details saved');
      close();
    } catch (error) {
      notifier.error(error, 'Could not save the details');
    } finally {
      setSaving(false);
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };

  if (!editing) {
    return (
      <p className="article-meta">
        {document.outlet ?? 'Unknown outlet'} · {formatDate(document.publishedAt)}
        {author ? ` · by ${author}` : ''}
        {document.origin && document.origin !== document.outlet ? ` · ${document.origin}` : ''}
        <button
          type="button"
          ref={editRef}
          className="link-button article-edit"
          onClick={() => setEditing(true)}
          aria-label="Edit the article’s details"
        >
          Edit details
        </button>
      </p>
    );
  }
  return (
    <form
      className="details-form"
      aria-label="The article’s details"
      onSubmit={(e) => void save(e)}
      onKeyDown={onKeyDown}
    >
      <label>
        <span>Title</span>
        <input name="title" defaultValue={document.title} required maxLength={500} autoFocus />
      </label>
      <label>
        <span>Outlet</span>
        <input name="outlet" defaultValue={document.outlet ?? ''} maxLength={200} placeholder="Unknown outlet" />
      </label>
      <label>
        <span>Published</span>
        <input name="publishedAt" type="date" defaultValue={document.publishedAt ?? ''} />
      </label>
      <label>
        <span>Author</span>
        <input name="author" defaultValue={author ?? ''} maxLength={200} placeholder="Not known" />
      </label>
      <div className="button-row">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save details'}
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
