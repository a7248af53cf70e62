/**
 * The `workspace.*` methods of the API contract: facts about the open workspace as a whole.
 */
import type { WorkspaceStats } from '../domain.js';
import { empty, method } from './schema.js';

/** The `workspace.*` methods: wire name → params schema, description and result type. */
export const workspaceMethods = {
  'workspace.stats': method<WorkspaceStats>()(
    empty,
    'Counts of everything in the workspace, its path and schema version.',
  ),
};
