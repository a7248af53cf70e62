/**
 * Opening a workspace the way every host does (CLI, browser host, Electron shell, the workspace
 * worker): open or create the file, give a new one the default tagset, then load the seed corpus
 * into it if it has never been seeded. Storage (db/) only opens files; what a new workspace
 * starts with is the opener's decision.
 */
import { seedIfNew } from '../db/import/documents.js';
import { ensureDefaultLabels } from '../db/labels.js';
import { Workspace, type WorkspaceOptions } from '../db/workspace.js';

export interface OpenWorkspaceOptions extends WorkspaceOptions {
  /** Load the seed corpus into a new workspace (default true). */
  seed?: boolean;
  /** Folder holding the seed corpus and its manifest (default: the package's `seeds/`). */
  seedsDir?: string;
}

/**
 * Opens (creating, migrating and, when new, seeding) a workspace file.
 * @throws ApiError `incompatible_workspace` when the file is not ours or is from the future.
 */
export function openWorkspace(options: OpenWorkspaceOptions): Workspace {
  const { seed, seedsDir, ...open } = options;
  const workspace = Workspace.open(open);
  try {
    ensureDefaultLabels(workspace);
    if (seed !== false) seedIfNew(workspace, seedsDir);
  } catch (error) {
    workspace.close();
    throw error;
  }
  return workspace;
}
