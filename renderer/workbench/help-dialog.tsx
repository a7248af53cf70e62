/** The keyboard shortcuts, opened with `?`. */
import type { Label } from '../../common/domain.js';
import { Dialog } from '../ui/dialog.js';
import { shortcutGroups } from './shortcuts.js';

export function HelpDialog({
  open,
  onClose,
  labels,
}: {
  open: boolean;
  onClose: () => void;
  labels: readonly Label[];
}) {
  return (
    <Dialog title="Keyboard shortcuts" open={open} onClose={onClose} className="help-dialog">
      {shortcutGroups(labels).map((group) => (
        <section key={group.title} className="shortcut-group">
          <h3>{group.title}</h3>
          <table className="shortcut-table">
            <thead className="visually-hidden">
              <tr>
                <th scope="col">Keys</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {group.shortcuts.map((s) => (
                <tr key={s.keys + s.action}>
                  <th scope="row">
                    <kbd>{s.keys}</kbd>
                  </th>
                  <td>{s.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Dialog>
  );
}
