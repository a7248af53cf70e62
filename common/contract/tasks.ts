/**
 * The `tasks.*` methods of the API contract: control over long-running work (imports and
 * exports) that was started with a `taskId`.
 */
import { z } from 'zod';
import { method } from './schema.js';

/** The `tasks.*` methods: wire name → params schema, description and result type. */
export const taskMethods = {
  'tasks.cancel': method<{ cancelled: boolean }>()(
    z.strictObject({ taskId: z.string().min(1).max(100) }),
    'Asks a running import or export to stop; it rolls back and fails with `cancelled`.',
  ),
};
