/**
 * The `settings.*` methods of the API contract: reading and writing the workspace's settings.
 */
import { z } from 'zod';
import { empty, method } from './schema.js';

/** The `settings.*` methods: wire name → params schema, description and result type. */
export const settingMethods = {
  'settings.get': method<Record<string, unknown>>()(
    empty,
    'Every setting, defaults filled in (`analyst`, `theme`, ...).',
  ),
  'settings.set': method<Record<string, unknown>>()(
    z.strictObject({
      key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,99}$/, 'a setting name'),
      value: z.unknown(),
    }),
    'Sets one setting; returns every setting.',
  ),
};
