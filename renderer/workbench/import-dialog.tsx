/**
 * Import documents from the person's computer: .txt, .md and .html files, read as raw bytes and
 * sent base64-encoded (`documents.import` with `{name, content, encoding: 'base64'}`), so a file
 * that is not UTF-8 gets the workspace's own clear error. Progress comes from `progress` events.
 */
import { useEffect, useState } from 'react';
import type { DocumentSummary } from '../../common/domain.js';
import { useApi } from '../api/api-context.js';
import { Dialog } from '../ui/dialog.js';
import { messageOf } from '../ui/toasts.js';
import { plural } from './format.js';
import { useTaskProgress } from './use-task-progress.js';

export interface ImportDialogProps {
  open: boolean;
  onClose: () => void;
  /** Opens a document; `close` also closes the dialog. */
  onOpenDocument: (id: string, close: boolean) => void;
}

/** Base64 of raw bytes, in chunks (String.fromCharCode takes a limited number of arguments). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

type Result = {
  imported: DocumentSummary[];
  skipped: Array<{ name: string; documentId: string; reason: 'duplicate' }>;
};

export function ImportDialog({ open, onClose, onOpenDocument }: ImportDialogProps) {
  const api = useApi();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const { progress, setProgress, begin } = useTaskProgress('import');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    if (!open) {
      setFiles([]);
      setProgress(null);
      setError(null);
      setResult(null);
      setBusy(false);
    }
  }, [open, setProgress]);

  async function run() {
    setBusy(true);
    setError(null);
    setResult(null);
    const taskId = begin(files.length, 'Reading files');
    try {
      const sources = await Promise.all(
        files.map(async (file) => ({
          name: file.name,
          content: toBase64(new Uint8Array(await file.arrayBuffer())),
          encoding: 'base64' as const,
        })),
      );
      const reply = await api.call('documents.import', { sources, taskId });
      setResult(reply);
      const first = reply.imported[0];
      if (first) onOpenDocument(first.id, false);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title="Import documents"
      open={open}
      onClose={onClose}
      description="Plain text (.txt), Markdown (.md) or HTML (.html) files in UTF-8. A file whose text is already in the workspace is skipped."
    >
      <div className="field">
        <label htmlFor="import-files">Files to import</label>
        <input
          id="import-files"
          type="file"
          multiple
          accept=".txt,.text,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"
          disabled={busy}
          onChange={(e) => {
            setFiles(Array.from(e.target.files ?? []));
            setError(null);
            setResult(null);
          }}
        />
        {files.length > 0 && <p className="muted small">{plural(files.length, 'file')} chosen</p>}
      </div>
      {progress && !error && (
        <div className="progress-row">
          <progress
            aria-label="Import progress"
            max={Math.max(1, progress.total)}
            value={Math.min(progress.done, progress.total)}
          />
          <span className="small" role="status">
            {busy ? `${progress.message} (${progress.done} of ${progress.total})` : ''}
          </span>
        </div>
      )}
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className="import-result" role="status">
          <p>
            Imported {plural(result.imported.length, 'document')}
            {result.skipped.length ? `, skipped ${plural(result.skipped.length, 'duplicate')}` : ''}.
          </p>
          <ul>
            {result.imported.map((d) => (
              <li key={d.id}>
                <button type="button" className="link-button" onClick={() => onOpenDocument(d.id, true)}>
                  Open “{d.title}”
                </button>
              </li>
            ))}
            {result.skipped.map((s) => (
              <li key={s.name}>
                {s.name}: already in the workspace{' '}
                <button type="button" className="link-button" onClick={() => onOpenDocument(s.documentId, true)}>
                  open it
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="primary" disabled={busy || files.length === 0} onClick={() => void run()}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
