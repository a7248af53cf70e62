/**
 * Handlers of `datasets.*`: tagged dataset export and import, each a cancellable task. A
 * relative path means "next to the workspace", never the process's working folder. A `grant`
 * (a file the person chose in the workbench) is turned into its path by the page's gate
 * (host/page-access.ts) before the request gets here; one that arrives unresolved did not come
 * through a page.
 */
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../common/errors.js';
import { exportDataset, importDataset } from '../../db/datasets/index.js';
import type { Workspace } from '../../db/workspace.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

/** The folder relative dataset paths resolve against: the workspace's own (home for in-memory ones). */
function workspaceFolder(ws: Workspace): string {
  return ws.path === ':memory:' ? os.homedir() : path.dirname(path.resolve(ws.path));
}

/** The path a request names, resolved beside the workspace (also for `reports.export`). */
export function resolveOutPath(ws: Workspace, given: string | undefined, field: string): string {
  if (given === undefined) {
    throw new ApiError(
      'invalid_params',
      `Invalid params: a file grant is valid only through the workbench page that chose the file; give ${field} instead.`,
      { field: 'grant' },
    );
  }
  return path.resolve(workspaceFolder(ws), given);
}

export function datasetHandlers({ ws, tasks }: HandlerContext): NamespaceHandlers<'datasets'> {
  return {
    'datasets.export': ({ grant: _grant, ...p }) =>
      tasks.run(p.taskId, 'export', (task) =>
        exportDataset(ws, { ...p, outPath: resolveOutPath(ws, p.outPath, 'outPath') }, task),
      ),
    'datasets.import': ({ grant: _grant, ...p }) =>
      tasks.run(p.taskId, 'import', (task) =>
        importDataset(ws, { ...p, path: resolveOutPath(ws, p.path, 'path') }, task),
      ),
  };
}
