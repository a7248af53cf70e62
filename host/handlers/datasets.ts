/**
 * Handlers of `datasets.*`: tagged dataset export and import, each a cancellable task. A
 * relative path means "next to the workspace", never the process's working folder.
 */
import os from 'node:os';
import path from 'node:path';
import { exportDataset, importDataset } from '../../db/datasets/index.js';
import type { Workspace } from '../../db/workspace.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

/** The folder relative dataset paths resolve against: the workspace's own (home for in-memory ones). */
function workspaceFolder(ws: Workspace): string {
  return ws.path === ':memory:' ? os.homedir() : path.dirname(path.resolve(ws.path));
}

export function datasetHandlers({ ws, tasks }: HandlerContext): NamespaceHandlers<'datasets'> {
  return {
    'datasets.export': (p) =>
      tasks.run(p.taskId, 'export', (task) =>
        exportDataset(ws, { ...p, outPath: path.resolve(workspaceFolder(ws), p.outPath) }, task),
      ),
    'datasets.import': (p) =>
      tasks.run(p.taskId, 'import', (task) =>
        importDataset(ws, { ...p, path: path.resolve(workspaceFolder(ws), p.path) }, task),
      ),
  };
}
