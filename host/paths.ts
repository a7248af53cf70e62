/**
 * Where things live on disk: the default workspace file (the same one for the desktop app and
 * the command line) and the app's configuration folder.
 */
import os from 'node:os';
import path from 'node:path';

/** The per-user folder Triangulate keeps its files in (Electron's `userData` for the app name). */
export function appDataDir(): string {
  if (process.env.TRIANGULATE_HOME) return process.env.TRIANGULATE_HOME;
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Triangulate');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Triangulate');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Triangulate');
}

/** The workspace opened when none is named: `TRIANGULATE_WORKSPACE`, else `workspace.triangulate` in {@link appDataDir}. */
export function defaultWorkspacePath(): string {
  return process.env.TRIANGULATE_WORKSPACE || path.join(appDataDir(), 'workspace.triangulate');
}
