/**
 * Export a tagged dataset (`datasets.export`): format, a file name, which annotations. Export asks
 * where it goes with the system's own means: the desktop's save dialog (which asks before
 * replacing a file), or in the browser a download (the data file alone, or with its manifest as
 * a .zip). The page holds a grant for that one place, never a path. Progress comes from `progress`
 * events with task `export`; Cancel is `tasks.cancel`. Any refusal shows in the dialog.
 */
import { useEffect, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat, type ResultOf } from '../../common/contract.js';
import { EXPORT_EXTENSIONS } from '../../common/file-kinds.js';
import { useApi } from '../api/api-context.js';
import { Dialog } from '../ui/dialog.js';
import { messageOf } from '../ui/toasts.js';
import { plural } from './format.js';
import { useTaskProgress } from './use-task-progress.js';

export interface ExportDialogProps {
  open: boolean;
  onClose: () => void;
}

const FORMAT_NAMES: Record<ExportFormat, string> = {
  jsonl: 'JSON Lines (one document per line)',
  w3c: 'W3C Web Annotation (JSON-LD)',
  brat: 'brat standoff (a folder)',
  conll: 'CoNLL (BIO tags)',
  csv: 'CSV (one annotation per row)',
};

export function ExportDialog({ open, onClose }: ExportDialogProps) {
  const api = useApi();
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [name, setName] = useState('triangulate-export.jsonl');
  const [withManifest, setWithManifest] = useState(true);
  const [status, setStatus] = useState<'accepted' | 'all'>('all');
  const [busy, setBusy] = useState(false);
  const { progress, setProgress, begin, taskRef } = useTaskProgress('export');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ reply: ResultOf<'datasets.export'>; delivered: string } | null>(null);

  useEffect(() => {
    if (open) {
      setError(null);
      setResult(null);
      setProgress(null);
    }
  }, [open, setProgress]);

  function changeFormat(next: ExportFormat) {
    setFormat(next);
    // Keep the person's name, change the extension.
    setName((current) => current.replace(/(\.(jsonl|jsonld|json|conll|csv))?$/, EXPORT_EXTENSIONS[next]));
  }

  async function run() {
    setError(null);
    setResult(null);
    try {
      const target = await api.chooseSaveTarget({ suggestedName: name.trim(), format });
      if (!target) return;
      setBusy(true);
      const taskId = begin(1, 'Starting');
      const reply = await api.call('datasets.export', { format, grant: target.grant, status, taskId });
      const delivered = await api.deliver(target, { dataOnly: format !== 'brat' && !withManifest });
      setResult({ reply, delivered });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    const taskId = taskRef.current;
    if (!taskId) return;
    try {
      const reply = await api.call('tasks.cancel', { taskId });
      if (!reply.cancelled) setError('The export had already finished or stopped.');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <Dialog
      title="Export dataset"
      open={open}
      onClose={busy ? () => undefined : onClose}
      description="Writes every document with its annotations, entities, claims and relations, with a manifest."
    >
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && name.trim()) void run();
        }}
      >
        <label htmlFor="export-format">Format</label>
        <select
          id="export-format"
          value={format}
          disabled={busy}
          onChange={(e) => changeFormat(e.target.value as ExportFormat)}
        >
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_NAMES[f]}
            </option>
          ))}
        </select>
        <label htmlFor="export-name">File name</label>
        <input
          id="export-name"
          type="text"
          value={name}
          disabled={busy}
          spellCheck={false}
          aria-describedby="export-name-help"
          onChange={(e) => setName(e.target.value)}
        />
        <span id="export-name-help" className="muted small form-help">
          {format === 'brat'
            ? 'brat writes a folder of .txt and .ann files with a manifest (downloaded as a .zip).'
            : 'You choose where it goes next (or your browser downloads it).'}
        </span>
        {format !== 'brat' && (
          <>
            <span />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={withManifest}
                disabled={busy}
                onChange={(e) => setWithManifest(e.target.checked)}
              />
              With its manifest (a .zip in the browser): Triangulate checks the file against it when it is imported
              again
            </label>
          </>
        )}
        <label htmlFor="export-status">Annotations</label>
        <select
          id="export-status"
          value={status}
          disabled={busy}
          onChange={(e) => setStatus(e.target.value as 'accepted' | 'all')}
        >
          <option value="all">All (proposed, accepted and rejected)</option>
          <option value="accepted">Accepted only</option>
        </select>
        <div className="dialog-actions form-actions">
          <button type="submit" className="primary" disabled={busy || !name.trim()}>
            {busy ? 'Exporting…' : 'Export…'}
          </button>
          <button type="button" disabled={!busy} onClick={() => void cancel()}>
            Cancel export
          </button>
          <button type="button" disabled={busy} onClick={onClose}>
            Close
          </button>
        </div>
      </form>
      {progress && !error && (
        <div className="progress-row">
          <progress
            aria-label="Export progress"
            max={Math.max(1, progress.total)}
            value={Math.min(progress.done, progress.total)}
          />
          <span className="small">{busy ? progress.message : ''}</span>
        </div>
      )}
      <p className="small" role="status">
        {busy
          ? 'Exporting…'
          : result
            ? `Exported ${plural(result.reply.documents, 'document')} and ${plural(result.reply.annotations, 'annotation')} as ${result.delivered}.`
            : ''}
      </p>
      {error && (
        <p className="error-message" role="alert">
          Export failed: {error}
        </p>
      )}
    </Dialog>
  );
}
