/**
 * What the desktop app opens at launch, from its command line and environment: the workspace
 * file (`--workspace FILE`, else the same default the command line uses), the better-sqlite3
 * binding built for Electron (`TRIANGULATE_SQLITE_BINDING`, set by scripts/start.mjs), and, in a
 * packaged app, the seed corpus shipped as a resource.
 */
import path from 'node:path';
import { defaultWorkspacePath } from '../host/paths.js';

export interface LaunchOptions {
  workspacePath: string;
  /** better-sqlite3 binding for Electron's ABI; absent in a packaged app, whose own is rebuilt for it. */
  nativeBinding?: string;
  /** The seed corpus folder; absent in development, where the workspace finds `seeds/` itself. */
  seedsDir?: string;
}

/** The value of `--workspace FILE` or `--workspace=FILE`, if given. */
export function workspaceArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--workspace') return argv[i + 1];
    if (arg.startsWith('--workspace=')) return arg.slice('--workspace='.length);
  }
  return undefined;
}

export function launchOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  app: { isPackaged: boolean; resourcesPath: string },
): LaunchOptions {
  const given = workspaceArgument(argv);
  const options: LaunchOptions = { workspacePath: path.resolve(given || defaultWorkspacePath()) };
  if (env.TRIANGULATE_SQLITE_BINDING) options.nativeBinding = env.TRIANGULATE_SQLITE_BINDING;
  if (app.isPackaged) options.seedsDir = path.join(app.resourcesPath, 'seeds');
  return options;
}
