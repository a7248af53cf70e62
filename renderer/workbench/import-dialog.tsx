/**
 * Import into the workspace: articles (.txt, .md, .html → `documents.import`) or a tagged dataset
 * in one of the import formats (→ `datasets.import`). The person chooses the files with the
 * system's own chooser: the desktop's open dialog, or the browser's file chooser followed by an
 * upload with its progress. The page only ever holds grants for those files, never a path.
 * Progress of the import itself comes from `progress` events; any refusal shows in the dialog.
 */
import { useEffect, useState } from 'react';
import { IMPORT_FORMATS, type FileChoice, type ImportFormat, type ResultOf } from '../../common/contract.js';
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

type Kind = 'documents' | 'dataset';

/** How each import format is called in the dialog. */
export const IMPORT_FORMAT_NAMES: Record<ImportFormat, string> = {
  jsonl: 'Triangulate JSON Lines',
  w3c: 'W3C Web Annotation (JSON-LD)',
  brat: 'brat standoff (a folder, or a .zip of one)',
  conll: 'CoNLL (BIO tags)',
  csv: 'Triangulate CSV',
  doccano: 'doccano JSONL',
  labelstudio: 'Label Studio JSON',
  prodigy: 'Prodigy JSONL',
};

type Result =
  | { kind: 'documents'; reply: ResultOf<'documents.import'> }
  | { kind: 'dataset'; reply: ResultOf<'datasets.import'>; name: string };

export function ImportDialog({ open, onClose, onOpenDocument }: ImportDialogProps) {
  const api = useApi();
  const [kind, setKind] = useState<Kind>('documents');
  const [format, setFormat] = useState<ImportFormat>('jsonl');
  const [files, setFiles] = useState<FileChoice[]>([]);
  const [busy, setBusy] = useState<'choosing' | 'importing' | null>(null);
  const [upload, setUpload] = useState<{ done: number; total: number } | null>(null);
  const { progress, setProgress, begin } = useTaskProgress('import');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    if (!open) {
      setFiles([]);
      setProgress(null);
      setUpload(null);
      setError(null);
      setResult(null);
      setBusy(null);
    }
  }, [open, setProgress]);

  function reset() {
    setFiles([]);
    setError(null);
    setResult(null);
    setProgress(null);
  }

  async function choose() {
    setBusy('choosing');
    reset();
    try {
      const chosen = await api.chooseFiles({
        purpose: kind,
        ...(kind === 'dataset' ? { format } : {}),
        multiple: kind === 'documents',
        onProgress: (done, total) => setUpload({ done, total }),
      });
      if (chosen) setFiles(chosen);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setUpload(null);
      setBusy(null);
    }
  }

  async function run() {
    setBusy('importing');
    setError(null);
    setResult(null);
    const taskId = begin(kind === 'documents' ? files.length : 0, 'Reading');
    try {
      if (kind === 'documents') {
        const reply = await api.call('documents.import', { sources: files.map((f) => ({ grant: f.grant })), taskId });
        setResult({ kind, reply });
        const first = reply.imported[0];
        if (first) onOpenDocument(first.id, false);
      } else {
        const file = files[0] as FileChoice;
        const reply = await api.call('datasets.import', { format, grant: file.grant, taskId });
        setResult({ kind, reply, name: file.name });
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      // A grant serves one import: to try again, choose the file again.
      setFiles([]);
      setBusy(null);
    }
  }

  const choosing = busy === 'choosing';
  return (
    <Dialog
      title="Import"
      open={open}
      onClose={busy === 'importing' ? () => undefined : onClose}
      description="Articles to read and tag, or a tagged dataset from Triangulate or another annotation tool."
    >
      <fieldset className="choice-group" disabled={busy !== null}>
        <legend>What to import</legend>
        <label>
          <input
            type="radio"
            name="import-kind"
            checked={kind === 'documents'}
            onChange={() => {
              setKind('documents');
              reset();
            }}
          />
          Articles (.txt, .md, .html in UTF-8); a text already in the workspace is skipped
        </label>
        <label>
          <input
            type="radio"
            name="import-kind"
            checked={kind === 'dataset'}
            onChange={() => {
              setKind('dataset');
              reset();
            }}
          />
          A tagged dataset (documents with their annotations, in one transaction)
        </label>
      </fieldset>
      {kind === 'dataset' && (
        <div className="field">
          <label htmlFor="import-format">Format</label>
          <select
            id="import-format"
            value={format}
            disabled={busy !== null}
            onChange={(e) => {
              setFormat(e.target.value as ImportFormat);
              reset();
            }}
          >
            {IMPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {IMPORT_FORMAT_NAMES[f]}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <button type="button" disabled={busy !== null} onClick={() => void choose()}>
          {kind === 'documents' ? 'Choose files…' : 'Choose the dataset…'}
        </button>
        <p className="muted small" role="status">
          {choosing && upload
            ? `Uploading… ${Math.round((100 * upload.done) / Math.max(1, upload.total))}%`
            : files.length === 1
              ? `Chosen: ${files[0]?.name}`
              : files.length > 1
                ? `${plural(files.length, 'file')} chosen: ${files.map((f) => f.name).join(', ')}`
                : ''}
        </p>
        {choosing && upload && (
          <progress aria-label="Upload progress" max={Math.max(1, upload.total)} value={upload.done} />
        )}
      </div>
      {progress && busy === 'importing' && (
        <div className="progress-row">
          <progress
            aria-label="Import progress"
            max={Math.max(1, progress.total)}
            {...(progress.total > 0 ? { value: Math.min(progress.done, progress.total) } : {})}
          />
          <span className="small" role="status">
            {progress.total > 0 ? `${progress.message} (${progress.done} of ${progress.total})` : progress.message}
          </span>
        </div>
      )}
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
      {result?.kind === 'documents' && <DocumentsResult result={result.reply} onOpenDocument={onOpenDocument} />}
      {result?.kind === 'dataset' && (
        <p className="import-result" role="status">
          Imported {result.name}: {plural(result.reply.documents, 'document')},{' '}
          {plural(result.reply.annotations, 'annotation')}, {plural(result.reply.entities, 'entity')},{' '}
          {plural(result.reply.claims, 'claim')} and {plural(result.reply.relations, 'relation')}.
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          className="primary"
          disabled={busy !== null || files.length === 0}
          onClick={() => void run()}
        >
          {busy === 'importing' ? 'Importing…' : 'Import'}
        </button>
        <button type="button" disabled={busy === 'importing'} onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

function DocumentsResult({
  result,
  onOpenDocument,
}: {
  result: { imported: DocumentSummary[]; skipped: Array<{ name: string; documentId: string }> };
  onOpenDocument: (id: string, close: boolean) => void;
}) {
  return (
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
  );
}
