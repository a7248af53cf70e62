/** About Triangulate: version and the workspace's counts (`workspace.stats`). */
import { touches, useLiveQuery } from '../api/api-context.js';
import { Dialog } from '../ui/dialog.js';
import { plural } from './format.js';

export function AboutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const stats = useLiveQuery(
    'workspace.stats',
    open ? {} : null,
    (change) => change.records.length > 0 && !touches(change.records, ['setting']),
  );
  const s = stats.data;
  return (
    <Dialog title="About Triangulate" open={open} onClose={onClose}>
      <p>Compare how several articles report the same event: claims, sources and entities, linked across articles.</p>
      {s && (
        <dl className="meta-list">
          <dt>Version</dt>
          <dd>{s.appVersion}</dd>
          <dt>Workspace</dt>
          <dd className="break">{s.path}</dd>
          <dt>Analyst</dt>
          <dd>{s.analyst}</dd>
          <dt>Contents</dt>
          <dd>
            {plural(s.documents, 'document')}, {plural(s.annotations, 'annotation')}, {plural(s.entities, 'entity')},{' '}
            {plural(s.claims, 'claim')}, {plural(s.relations, 'relation')}
          </dd>
        </dl>
      )}
    </Dialog>
  );
}
