/**
 * Migration 2: who made each history entry, in which running program, and where it acts.
 *
 * - `session`: one row per running program that wrote (a desktop app, a browser host, one
 *   command-line invocation, another program using the API).
 * - `history.session_id`: the session that made the entry (for an audit entry: that undid or
 *   redid). Entries from before this migration have none: they count as another session's.
 * - `history.scope`: JSON {documents, documentCount, annotations, annotationCount}, what the
 *   entry touches (NULL for earlier entries: computed from their row images when read).
 * - `history.actor`, `actor_session_id`, `acted_seq`: who last did, undid or redid the entry,
 *   in which session, and when (the id of that entry or of the audit entry). Each analyst's
 *   undo and redo stacks in each session are the entries they acted on last, newest first.
 */
export default /* sql */ `
CREATE TABLE session (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,             -- desktop | browser | cli | program
  started_at  TEXT NOT NULL
) STRICT;

ALTER TABLE history ADD COLUMN session_id TEXT REFERENCES session (id);
ALTER TABLE history ADD COLUMN scope TEXT;
ALTER TABLE history ADD COLUMN actor TEXT;
ALTER TABLE history ADD COLUMN actor_session_id TEXT REFERENCES session (id);
ALTER TABLE history ADD COLUMN acted_seq INTEGER;
UPDATE history SET actor = author, acted_seq = id;

CREATE INDEX history_by_actor ON history (actor_session_id, actor, state, acted_seq);
CREATE INDEX history_by_acted ON history (state, acted_seq);
`;
