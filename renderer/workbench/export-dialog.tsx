/**
 * Export a tagged dataset (`datasets.export`): format, output path on the workspace's machine,
 * progress from `progress` events with task `export`, and Cancel (`tasks.cancel`). Any refusal
 * (a bad path, a format not available yet) shows in the dialog.
 */
import { useEffect, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat, type ResultOf } from '../../common/contract.js';
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

const EXTENSIONS: Record<ExportFormat, string> = {
  jsonl: '.jsonl',
  w3c: '.jsonld',
  brat: '',
  conll: '.conll',
  csv: '.csv',
};

export function ExportDialog({ open, onClose }: ExportDialogProps) {
  const api = useApi();
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [outPath, setOutPath] = useState('triangulate-export.jsonl');
  const [status, setStatus] = useState<'accepted' | 'all'>('all');
  const [busy, setBusy] = useState(false);
  const { progress, setProgress, begin, taskRef } = useTaskProgress('export');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ResultOf<'datasets.export'> | null>(null);

  useEffect(() => {
    if (open) {
      setError(null);
      setResult(null);
      setProgress(null);
    }
  }, [open, setProgress]);

  function changeFormat(next: ExportFormat) {
    setFormat(next);
    // Keep the person's folder and name, change the extension.
    setOutPath((path) => path.replace(/(\.(jsonl|jsonld|json|conll|csv))?$/, EXTENSIONS[next]));
  }

  async function run() {
    setBusy(true);
    setError(null);
    setResult(null);
    const taskId = begin(1, 'Starting');
    try {
      setResult(await api.call('datasets.export', { format, outPath: outPath.trim(), status, taskId }));
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
          if (!busy && outPath.trim()) void run();
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
        <label htmlFor="export-path">Output path</label>
        <input
          id="export-path"
          type="text"
          value={outPath}
          disabled={busy}
          spellCheck={false}
          aria-describedby="export-path-help"
          onChange={(e) => setOutPath(e.target.value)}
        />
        <span id="export-path-help" className="muted small form-help">
          A path on the machine running the workspace, relative to its working folder or absolute.
          {format === 'brat' ? ' brat writes a folder.' : ''}
        </span>
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
          <button type="submit" className="primary" disabled={busy || !outPath.trim()}>
            {busy ? 'Exporting…' : 'Export'}
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
            ? `Exported ${plural(result.documents, 'document')} and ${plural(result.annotations, 'annotation')} to ${result.outPath}.`
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
