/**
 * The `search.*` methods of the API contract: full-text search across the corpus.
 */
import { z } from 'zod';
import type { SearchHit } from '../domain.js';
import { id, method, nonEmptyText } from './schema.js';

/** The `search.*` methods: wire name → params schema, description and result type. */
export const searchMethods = {
  'search.query': method<SearchHit[]>()(
    z.strictObject({
      query: nonEmptyText(500),
      limit: z.number().int().min(1).max(10000).optional(),
      documentIds: z.array(id).max(100000).optional(),
    }),
    'Full-text search across the corpus (words, "phrases", prefix*); one hit per matched occurrence, best documents first.',
  ),
};
