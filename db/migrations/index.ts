/**
 * The ordered list of schema migrations. A migration is never edited once released: add a new
 * numbered file and append it here. `version` equals the position in this list, starting at 1.
 */
import init from './001-init.js';
import historySessions from './002-history-sessions.js';
import crossArticle from './003-cross-article.js';
import claimMentionsByDocument from './004-claim-mentions-by-document.js';
import documentSource from './005-document-source.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'history-sessions', sql: historySessions },
  { version: 3, name: 'cross-article', sql: crossArticle },
  { version: 4, name: 'claim-mentions-by-document', sql: claimMentionsByDocument },
  { version: 5, name: 'document-source', sql: documentSource },
];

/** The schema version this build writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
