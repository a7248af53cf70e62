/**
 * The handler table of one open workspace: every namespace's handlers combined into one map.
 * Combining refuses a method handled twice, and a contract method nobody handles, at start-up.
 */
import { METHOD_NAMES } from '../../common/contract.js';
import type { Workspace } from '../../db/workspace.js';
import { TaskRegistry } from '../tasks.js';
import { annotationHandlers } from './annotations.js';
import { claimHandlers } from './claims.js';
import { datasetHandlers } from './datasets.js';
import { documentHandlers } from './documents.js';
import { entityHandlers } from './entities.js';
import { historyHandlers } from './history.js';
import { labelHandlers } from './labels.js';
import { noteHandlers } from './notes.js';
import { relationHandlers } from './relations.js';
import { reportHandlers } from './reports.js';
import { searchHandlers } from './search.js';
import { settingHandlers } from './settings.js';
import { sourceHandlers } from './sources.js';
import { taskHandlers } from './tasks.js';
import type { HandlerContext, Handlers } from './types.js';
import { workspaceHandlers } from './workspace.js';

export type { Handler, Handlers } from './types.js';

/**
 * Merges handler groups into one table.
 * @throws Error naming a method handled by two groups, or a contract method with no handler.
 */
export function combineHandlers(...groups: ReadonlyArray<Record<string, unknown>>): Handlers {
  const table: Record<string, unknown> = {};
  for (const group of groups) {
    for (const [name, handler] of Object.entries(group)) {
      if (Object.prototype.hasOwnProperty.call(table, name)) throw new Error(`Two handlers for the method ${name}.`);
      table[name] = handler;
    }
  }
  const missing = METHOD_NAMES.filter((name) => !Object.prototype.hasOwnProperty.call(table, name));
  if (missing.length) throw new Error(`No handler for ${missing.join(', ')}.`);
  return table as Handlers;
}

/** Builds the handler table for one open workspace. */
export function createHandlers(ws: Workspace): Handlers {
  const context: HandlerContext = { ws, tasks: new TaskRegistry() };
  return combineHandlers(
    workspaceHandlers(context),
    documentHandlers(context),
    labelHandlers(context),
    annotationHandlers(context),
    entityHandlers(context),
    claimHandlers(context),
    relationHandlers(context),
    sourceHandlers(context),
    noteHandlers(context),
    historyHandlers(context),
    searchHandlers(context),
    settingHandlers(context),
    datasetHandlers(context),
    reportHandlers(context),
    taskHandlers(context),
  );
}
