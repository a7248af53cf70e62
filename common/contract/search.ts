/**
 * The `search.*` methods of the API contract: finding every occurrence of a query in the corpus.
 */
import { z } from 'zod';
import type { SearchResult } from '../domain.js';
import { id, method, nonEmptyText } from './schema.js';

/** Hits one `search.query` page holds by default, and at most. */
export const SEARCH_PAGE = { default: 100, max: 10000 } as const;

/** The `search.*` methods: wire name → params schema, description and result type. */
export const searchMethods = {
  'search.query': method<SearchResult>()(
    z.strictObject({
      query: nonEmptyText(500),
      /** Match case exactly (default: no, except all-caps terms of up to 4 letters such as IS). */
      caseSensitive: z.boolean().optional(),
      /** Only whole words (default: no, except all-caps terms of up to 4 letters). */
      wholeWord: z.boolean().optional(),
      limit: z.number().int().min(1).max(SEARCH_PAGE.max).optional(),
      offset: z.number().int().min(0).optional(),
      documentIds: z.array(id).max(100000).optional(),
    }),
    'Every occurrence of words, "literal phrases" or prefix* (AND / OR / NOT) across the corpus, by document (date, title) then offset, one page at a time: {hits, total, nextOffset}. All-caps terms of up to 4 letters (IS, US) match case and whole words unless caseSensitive / wholeWord say otherwise; other terms match any case, inside words too.',
  ),
};
