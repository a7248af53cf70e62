/**
 * Migration 1: the whole domain model of a workspace.
 *
 * Tables are STRICT. Foreign keys RESTRICT on purpose: every cascade is done by the workspace
 * through the history log, so that undo can restore what a delete removed.
 */
export default /* sql */ `
CREATE TABLE document (
  id            TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  outlet        TEXT,
  published_at  TEXT,
  origin        TEXT,
  text          TEXT NOT NULL,
  content_hash  TEXT NOT NULL UNIQUE,
  paragraphs    TEXT NOT NULL,          -- JSON [[start, end], ...]
  metadata      TEXT NOT NULL DEFAULT '{}',
  imported_at   TEXT NOT NULL
) STRICT;

CREATE TABLE label (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  kind        TEXT NOT NULL CHECK (kind IN ('claim', 'source', 'entity')),
  subtype     TEXT,
  color       TEXT NOT NULL,
  key         TEXT UNIQUE,
  attributes  TEXT NOT NULL DEFAULT '[]', -- JSON [{name, values, default?}]
  position    INTEGER NOT NULL
) STRICT;

CREATE TABLE entity (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  type         TEXT NOT NULL,
  aliases      TEXT NOT NULL DEFAULT '[]', -- JSON ["name", ...]
  note         TEXT NOT NULL DEFAULT '',
  external_id  TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE claim (
  id          TEXT PRIMARY KEY,
  summary     TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE annotation (
  id            TEXT PRIMARY KEY,
  document_id   TEXT NOT NULL REFERENCES document (id),
  label_id      TEXT NOT NULL REFERENCES label (id),
  start_offset  INTEGER NOT NULL,        -- start of the first fragment
  end_offset    INTEGER NOT NULL,        -- end of the last fragment
  fragments     TEXT NOT NULL,           -- JSON [[start, end], ...], sorted, disjoint
  quote         TEXT NOT NULL,
  prefix        TEXT NOT NULL,
  suffix        TEXT NOT NULL,
  attributes    TEXT NOT NULL DEFAULT '{}',
  author        TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected')),
  note          TEXT NOT NULL DEFAULT '',
  entity_id     TEXT REFERENCES entity (id),
  claim_id      TEXT REFERENCES claim (id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK (start_offset >= 0 AND end_offset > start_offset)
) STRICT;
CREATE INDEX annotation_by_document ON annotation (document_id, start_offset, end_offset);
CREATE INDEX annotation_by_entity ON annotation (entity_id) WHERE entity_id IS NOT NULL;
CREATE INDEX annotation_by_claim ON annotation (claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX annotation_by_label ON annotation (label_id);

CREATE TABLE relation (
  id          TEXT PRIMARY KEY,
  from_id     TEXT NOT NULL REFERENCES annotation (id),
  to_id       TEXT NOT NULL REFERENCES annotation (id),
  type        TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (from_id, to_id, type)
) STRICT;
CREATE INDEX relation_by_to ON relation (to_id);

CREATE TABLE note (
  id          TEXT PRIMARY KEY,
  target_id   TEXT,
  body        TEXT NOT NULL,
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX note_by_target ON note (target_id);

CREATE TABLE setting (
  id     TEXT PRIMARY KEY,
  value  TEXT NOT NULL                   -- JSON
) STRICT;

-- One row per operation. changes: JSON [{t: table, id, before: row|null, after: row|null}, ...]
CREATE TABLE history (
  id         INTEGER PRIMARY KEY,
  method     TEXT NOT NULL,
  summary    TEXT NOT NULL,
  author     TEXT NOT NULL,
  at         TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('done', 'undone', 'discarded', 'permanent', 'audit')),
  target_id  INTEGER REFERENCES history (id),
  changes    TEXT NOT NULL DEFAULT '[]',
  change_count INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX history_by_state ON history (state, id);

CREATE VIRTUAL TABLE document_fts USING fts5 (
  title, text,
  content = 'document',
  content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);
-- Rank title matches above body matches; ORDER BY rank then uses FTS5's fast path.
INSERT INTO document_fts (document_fts, rank) VALUES ('rank', 'bm25(2.0, 1.0)');
CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN
  INSERT INTO document_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
  INSERT INTO document_fts (document_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER document_fts_update AFTER UPDATE ON document BEGIN
  INSERT INTO document_fts (document_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO document_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
`;
