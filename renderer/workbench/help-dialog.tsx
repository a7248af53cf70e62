/**
 * The keyboard shortcuts, opened with `?`: rendered from the command registry (every command
 * with keys, grouped by where its keys work), so the dialog lists exactly what the keys do.
 */
import { Dialog } from '../ui/dialog.js';
import type { Platform } from './commands/key-chord.js';
import { shortcutGroups } from './commands/registry.js';
import { SHORTCUT_GROUPS, type WorkbenchRegistry } from './commands/workbench-commands.js';

function platform(): Platform {
  return /Mac|iPhone|iPad/.test(navigator.platform) ? 'mac' : 'other';
}

export function HelpDialog({
  open,
  onClose,
  registry,
}: {
  open: boolean;
  onClose: () => void;
  registry: WorkbenchRegistry;
}) {
  return (
    <Dialog title="Keyboard shortcuts" open={open} onClose={onClose} className="help-dialog">
      {shortcutGroups(registry, SHORTCUT_GROUPS, platform()).map((group) => (
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
