/**
 * Where every dataset reader delivers what it reads. A reader walks its files and calls the
 * sink: `document`, `label`, `entity`, `claim`, `note`, `annotation`, `relation`. The sink checks
 * each record against the rules the workspace enforces elsewhere (fragments fit the text, a claim
 * link only on a claim label, known statuses and relation types), maps labels by name (creating
 * missing ones, widening attribute definitions to the values it meets), maps documents by content
 * hash, and in `write` mode writes with direct statements inside the transaction of
 * `Workspace.bulkWrite`.
 *
 * An import runs the reader twice over the same files: first in `check` mode (nothing written;
 * the driver yields to the event loop between records so that progress shows and a cancel request
 * can land), then in `write` mode in one transaction. A bad file therefore fails before any lock
 * is taken, and memory stays flat: records are never all held at once.
 */
import type {
  AnnotationStatus,
  AttributeDefinition,
  ChangedRecord,
  EntityType,
  Fragment,
  LabelKind,
} from '../../common/domain.js';
import { ANNOTATION_STATUSES, ENTITY_TYPES, LABEL_KINDS } from '../../common/domain.js';
import { describeAnchor } from '../../common/anchoring/index.js';
import type { Db } from '../connection.js';
import { linkKindProblem } from '../annotations.js';
import { prepare } from '../connection.js';
import { LABEL_PALETTE } from '../defaults.js';
import { newId, sha256 } from '../ids.js';
import { documentIdFor } from '../import/documents.js';
import { cleanAliases, encodeFragments, encodeParagraphs } from '../rows.js';
import { hasVisibleCharacter, nameKey, normalizeName, splitParagraphs } from '../../common/text.js';
import { excerpt, invalidFile, invalidRange, type Where } from './model.js';
import { canonicalize, type CanonicalText } from './text-map.js';

export type ImportMode = 'check' | 'write';

/** Counts an import reports (the result of `datasets.import`). */
export interface ImportTotals {
  documents: number;
  annotations: number;
  entities: number;
  claims: number;
  relations: number;
}

export interface DocumentInput {
  where: Where;
  /** Canonical text (see {@link canonicalText}). */
  text: string;
  title?: string | null;
  outlet?: string | null;
  publishedAt?: string | null;
  origin?: string | null;
  metadata?: Record<string, unknown>;
}

export interface LabelInput {
  where: Where;
  name: string;
  id?: string;
  kind?: LabelKind;
  subtype?: string | null;
  color?: string;
  key?: string | null;
  attributes?: AttributeDefinition[];
}

export interface EntityInput {
  where: Where;
  id: string;
  name: string;
  type: string;
  aliases: string[];
  note: string;
  externalId: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface ClaimInput {
  where: Where;
  id: string;
  summary: string;
  note: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface NoteInput {
  where: Where;
  id: string;
  targetId: string | null;
  body: string;
  author?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface AnnotationInput {
  where: Where;
  /** Kept when given (Triangulate's own formats); a new id otherwise. */
  id?: string | null;
  documentId: string;
  /** The document's canonical text. */
  text: string;
  /** Label name (matched without regard to case). */
  label: string;
  /** Canonical UTF-16 fragments. */
  fragments: Fragment[];
  attributes?: Record<string, string>;
  status?: string;
  author?: string;
  note?: string;
  entityId?: string | null;
  claimId?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface RelationInput {
  where: Where;
  id?: string | null;
  fromId: string;
  toId: string;
  type: string;
  note?: string;
  author?: string;
  createdAt?: string;
}

interface LabelState {
  id: string;
  name: string;
  kind: LabelKind;
  attributes: AttributeDefinition[];
  created: boolean;
  dirty: boolean;
}

const RELATION_TYPE = /^[a-z][a-z0-9_]{0,63}$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const KEY = /^[a-z0-9]$/;
/** Above this many annotations, the `changed` event names documents rather than each annotation. */
const DETAILED_RECORDS = 10_000;
/** How many documents' duplicate-detection tables stay in memory. */
const DEDUPE_DOCUMENTS = 16;

/** The canonical form of a raw text, as an `invalid_file` when normalisation cannot be mapped. */
export function canonicalText(raw: string, where: Where): CanonicalText {
  try {
    return canonicalize(raw);
  } catch {
    throw invalidFile(
      where,
      'this text needs a Unicode normalisation (NFC) that cannot be mapped offset by offset; normalise it to NFC first.',
    );
  }
}

/**
 * Maps raw UTF-16 fragments through a text's canonicalisation.
 * @throws ApiError `invalid_range` when an offset has no image (it cuts a character).
 */
export function toCanonicalFragments(canonical: CanonicalText, fragments: Fragment[], where: Where): Fragment[] {
  if (canonical.identity) return fragments;
  return fragments.map((f) => {
    const start = canonical.toCanonical(f.start);
    const end = canonical.toCanonical(f.end);
    if (start < 0 || end < 0) {
      throw invalidRange(where, `offset ${start < 0 ? f.start : f.end} falls inside a character of the text.`);
    }
    return { start, end };
  });
}

/**
 * A copy of a string that does not keep its source alive. Strings cut out of a file's text with
 * `slice`/`split` share the memory of the whole chunk they come from; whatever the sink keeps
 * until the end (relations, ids, label names) is detached first.
 */
function detach<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? (' ' + value).slice(1) : value) as T;
}

/** `where` with a sub-field: `spans[0]` + `status` → `spans[0].status`. */
function sub(where: Where, field: string): Where {
  return { file: where.file, line: where.line, field: where.field ? where.field + '.' + field : field };
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'label'
  );
}

function firstLine(text: string): string | null {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (/[\p{L}\p{N}]/u.test(t)) return t.length > 200 ? t.slice(0, 199) + '…' : t;
  }
  return null;
}

function optionalString(value: unknown, where: Where): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidFile(where, `expected a string, found ${excerpt(value)}.`);
  return value;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 timestamp (as W3C `created` requires), or undefined when missing. */
function optionalTimestamp(value: unknown, where: Where): string | undefined {
  const text = optionalString(value, where);
  if (text !== undefined && !TIMESTAMP.test(text)) {
    throw invalidFile(where, `expected a date and time such as 2015-09-27T10:00:00Z, found ${excerpt(text)}.`);
  }
  return text;
}

export class ImportSink {
  readonly mode: ImportMode;
  private readonly db: Db;
  private readonly now: string;
  private readonly author: string;
  private readonly labels = new Map<string, LabelState>();
  private readonly documents = new Set<string>();
  private readonly createdDocuments = new Set<string>();
  private readonly knownEntities = new Set<string>();
  private readonly knownClaims = new Set<string>();
  private readonly externalEntities = new Map<string, string>();
  private readonly pendingRelations: RelationInput[] = [];
  private readonly dedupe = new Map<string, Map<string, string>>();
  private readonly records: ChangedRecord[] = [];
  private readonly touchedDocuments = new Set<string>();
  private labelCount: number;
  private maxPosition: number;
  private readonly counts: ImportTotals = { documents: 0, annotations: 0, entities: 0, claims: 0, relations: 0 };
  private annotationRecords = 0;
  private idCounter = 0;
  private idBase: { time: string; start: number } | null = null;

  constructor(db: Db, mode: ImportMode, options: { now: string; author: string }) {
    this.db = db;
    this.mode = mode;
    this.now = options.now;
    this.author = options.author;
    const rows = prepare(db, 'SELECT id, name, kind, attributes, position FROM label').all() as Array<{
      id: string;
      name: string;
      kind: string;
      attributes: string;
      position: number;
    }>;
    for (const row of rows) {
      this.labels.set(nameKey(row.name), {
        id: row.id,
        name: row.name,
        kind: row.kind as LabelKind,
        attributes: JSON.parse(row.attributes) as AttributeDefinition[],
        created: false,
        dirty: false,
      });
    }
    this.labelCount = rows.length;
    this.maxPosition = rows.reduce((max, r) => Math.max(max, r.position), -1);
  }

  /**
   * A new id in the shape of `newId` (prefix, time, 12 hex digits), without a call to the random
   * source per row: one random 48-bit start per import, then counting up.
   */
  private nextId(prefix: string): string {
    if (this.mode === 'check') return `(new) ${prefix} ${++this.idCounter}`;
    this.idBase ??= { time: Date.now().toString(36), start: parseInt(newId('x').slice(-12), 16) };
    const n = (this.idBase.start + ++this.idCounter) % 2 ** 48;
    return `${prefix}_${this.idBase.time}${n.toString(16).padStart(12, '0')}`;
  }

  // -------------------------------------------------------------------------------------------
  // Labels

  private write(): boolean {
    return this.mode === 'write';
  }

  /** Declares a label of the file's tagset: found by name, or created as described. */
  label(input: LabelInput): void {
    this.labelFor(input.name, input.where, input);
  }

  private labelFor(name: string, where: Where, described?: LabelInput): LabelState {
    const trimmed = normalizeName(name);
    if (!trimmed || trimmed.length > 100 || !hasVisibleCharacter(trimmed)) {
      throw invalidFile(
        where,
        `expected a label name of 1 to 100 characters, at least one visible, found ${excerpt(name)}.`,
      );
    }
    const existing = this.labels.get(nameKey(trimmed));
    if (existing) {
      if (described?.kind && described.kind !== existing.kind) {
        throw invalidFile(
          where,
          `the label “${trimmed}” is a ${described.kind} label in this file but a ${existing.kind} label in the workspace.`,
        );
      }
      for (const definition of described?.attributes ?? []) {
        for (const value of definition.values) this.widen(existing, definition.name, value);
      }
      return existing;
    }
    const kind = described?.kind ?? 'entity';
    if (!(LABEL_KINDS as readonly string[]).includes(kind)) {
      throw invalidFile(where, `expected a label kind (${LABEL_KINDS.join(', ')}), found ${excerpt(kind)}.`);
    }
    const attributes = (described?.attributes ?? []).map((a) => ({ ...a, values: [...a.values] }));
    const state: LabelState = {
      id: `(new) ${trimmed}`,
      name: detach(trimmed),
      kind,
      attributes,
      created: true,
      dirty: false,
    };
    if (this.write()) {
      const taken = (id: string) => prepare(this.db, 'SELECT 1 FROM label WHERE id = ?').get(id) !== undefined;
      const given = described?.id;
      state.id = given && !taken(given) ? given : !taken(slug(trimmed)) ? slug(trimmed) : newId('label');
      const key =
        described?.key &&
        KEY.test(described.key) &&
        !prepare(this.db, 'SELECT 1 FROM label WHERE key = ?').get(described.key)
          ? described.key
          : null;
      const color =
        described?.color && COLOR.test(described.color)
          ? described.color
          : (LABEL_PALETTE[this.labelCount % LABEL_PALETTE.length] as string);
      prepare(
        this.db,
        'INSERT INTO label (id, name, kind, subtype, color, key, attributes, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        state.id,
        trimmed,
        kind,
        described?.subtype ?? null,
        color,
        key,
        JSON.stringify(attributes),
        ++this.maxPosition,
      );
      this.records.push({ kind: 'label', id: state.id, change: 'created' });
    }
    this.labelCount++;
    this.labels.set(detach(nameKey(trimmed)), state);
    return state;
  }

  /** Makes sure the label's definitions accept `name = value`. */
  private widen(label: LabelState, name: string, value: string): void {
    const definition = label.attributes.find((a) => a.name === name);
    if (!definition) {
      label.attributes.push({ name: detach(name), values: [detach(value)] });
      label.dirty = true;
    } else if (!definition.values.includes(value)) {
      definition.values.push(detach(value));
      label.dirty = true;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Documents

  /**
   * A document of the file: the workspace's document with the same text when there is one (ids
   * derive from the content hash), a new one otherwise. Returns its id.
   */
  document(input: DocumentInput): string {
    const { text } = input;
    if (!/\S/.test(text)) throw invalidFile(input.where, 'the text is empty; expected the document text.');
    const contentHash = sha256(text);
    const id = documentIdFor(contentHash);
    if (!this.documents.has(id)) {
      this.documents.add(id);
      this.counts.documents++;
      const exists = prepare(this.db, 'SELECT 1 FROM document WHERE id = ?').get(id) !== undefined;
      if (!exists) {
        this.createdDocuments.add(id);
        if (this.write()) {
          const title = input.title?.trim() || firstLine(text) || input.origin || id;
          prepare(
            this.db,
            `INSERT INTO document (id, title, outlet, published_at, origin, text, content_hash, paragraphs, metadata, imported_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            id,
            title,
            input.outlet ?? null,
            input.publishedAt ?? null,
            input.origin ?? null,
            text,
            contentHash,
            encodeParagraphs(splitParagraphs(text)),
            JSON.stringify(input.metadata ?? {}),
            this.now,
          );
          this.records.push({ kind: 'document', id, change: 'created', documentIds: [id] });
        }
      }
    }
    return id;
  }

  /** A document of the workspace by id, or else by origin (file name or URL). */
  findDocument(key: string): { id: string; text: string } | null {
    // By id first (the primary key); by origin (no index: a scan) only when that fails.
    const row = (prepare(this.db, 'SELECT id, text FROM document WHERE id = ?').get(key) ??
      prepare(this.db, 'SELECT id, text FROM document WHERE origin = ? ORDER BY id LIMIT 1').get(key)) as
      { id: string; text: string } | undefined;
    return row ?? null;
  }

  // -------------------------------------------------------------------------------------------
  // Entities, claims, notes

  entity(input: EntityInput): void {
    const { where } = input;
    if (!input.id) throw invalidFile(sub(where, 'id'), 'expected an entity id.');
    if (!input.name.trim()) throw invalidFile(sub(where, 'name'), 'expected an entity name.');
    if (!(ENTITY_TYPES as readonly string[]).includes(input.type)) {
      throw invalidFile(
        sub(where, 'type'),
        `expected an entity type (${ENTITY_TYPES.join(', ')}), found ${excerpt(input.type)}.`,
      );
    }
    if (!Array.isArray(input.aliases) || input.aliases.some((a) => typeof a !== 'string')) {
      throw invalidFile(sub(where, 'aliases'), 'expected an array of names.');
    }
    this.knownEntities.add(detach(input.id));
    this.counts.entities++;
    if (!this.write()) return;
    const existed = prepare(this.db, 'SELECT 1 FROM entity WHERE id = ?').get(input.id) !== undefined;
    prepare(
      this.db,
      `INSERT INTO entity (id, name, type, aliases, note, external_id, created_at, updated_at)
       VALUES (@id, @name, @type, @aliases, @note, @external_id, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, aliases = excluded.aliases,
         note = excluded.note, external_id = excluded.external_id, created_at = excluded.created_at,
         updated_at = excluded.updated_at`,
    ).run({
      id: input.id,
      name: input.name.trim(),
      type: input.type,
      aliases: JSON.stringify(cleanAliases(input.name, input.aliases)),
      note: input.note,
      external_id: input.externalId,
      created_at: optionalTimestamp(input.createdAt, sub(where, 'createdAt')) ?? this.now,
      updated_at: optionalTimestamp(input.updatedAt, sub(where, 'updatedAt')) ?? this.now,
    });
    this.records.push({ kind: 'entity', id: input.id, change: existed ? 'updated' : 'created' });
  }

  claim(input: ClaimInput): void {
    const { where } = input;
    if (!input.id) throw invalidFile(sub(where, 'id'), 'expected a claim id.');
    if (!input.summary.trim()) throw invalidFile(sub(where, 'summary'), 'expected a claim summary.');
    this.knownClaims.add(detach(input.id));
    this.counts.claims++;
    if (!this.write()) return;
    const existed = prepare(this.db, 'SELECT 1 FROM claim WHERE id = ?').get(input.id) !== undefined;
    prepare(
      this.db,
      `INSERT INTO claim (id, summary, note, created_at, updated_at) VALUES (@id, @summary, @note, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET summary = excluded.summary, note = excluded.note,
         created_at = excluded.created_at, updated_at = excluded.updated_at`,
    ).run({
      id: input.id,
      summary: input.summary.trim(),
      note: input.note,
      created_at: optionalTimestamp(input.createdAt, sub(where, 'createdAt')) ?? this.now,
      updated_at: optionalTimestamp(input.updatedAt, sub(where, 'updatedAt')) ?? this.now,
    });
    this.records.push({ kind: 'claim', id: input.id, change: existed ? 'updated' : 'created' });
  }

  note(input: NoteInput): void {
    if (!input.id) throw invalidFile(sub(input.where, 'id'), 'expected a note id.');
    if (!input.body.trim()) throw invalidFile(sub(input.where, 'body'), 'expected the text of the note.');
    if (!this.write()) return;
    const existed = prepare(this.db, 'SELECT 1 FROM note WHERE id = ?').get(input.id) !== undefined;
    prepare(
      this.db,
      `INSERT INTO note (id, target_id, body, author, created_at, updated_at)
       VALUES (@id, @target_id, @body, @author, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET target_id = excluded.target_id, body = excluded.body, author = excluded.author,
         created_at = excluded.created_at, updated_at = excluded.updated_at`,
    ).run({
      id: input.id,
      target_id: input.targetId,
      body: input.body,
      author: input.author ?? this.author,
      created_at: input.createdAt ?? this.now,
      updated_at: input.updatedAt ?? this.now,
    });
    this.records.push({ kind: 'note', id: input.id, change: existed ? 'updated' : 'created' });
  }

  /**
   * The entity another tool links a span to (a knowledge-base id such as a Wikidata QID): the
   * workspace's entity with that external id, or a new one.
   */
  linkedEntity(externalId: string, name: string, type: EntityType): string {
    const known = this.externalEntities.get(externalId);
    if (known) return known;
    const row = prepare(this.db, 'SELECT id FROM entity WHERE external_id = ? ORDER BY id LIMIT 1').get(externalId) as
      { id: string } | undefined;
    let id = row?.id;
    if (!id) {
      id = newId('ent');
      this.counts.entities++;
      if (this.write()) {
        prepare(
          this.db,
          `INSERT INTO entity (id, name, type, aliases, note, external_id, created_at, updated_at)
           VALUES (?, ?, ?, '[]', '', ?, ?, ?)`,
        ).run(id, name.trim().slice(0, 300) || externalId, type, externalId, this.now, this.now);
        this.records.push({ kind: 'entity', id, change: 'created' });
      }
    }
    this.externalEntities.set(detach(externalId), id);
    this.knownEntities.add(id);
    return id;
  }

  /** An entity or claim the file links to but does not describe: the workspace's, or a stub. */
  private ensureLinked(kind: 'entity' | 'claim', id: string, name: string): void {
    const known = kind === 'entity' ? this.knownEntities : this.knownClaims;
    if (known.has(id)) return;
    known.add(detach(id));
    const exists = prepare(this.db, `SELECT 1 FROM ${kind} WHERE id = ?`).get(id) !== undefined;
    if (exists) return;
    if (kind === 'entity') this.counts.entities++;
    else this.counts.claims++;
    if (!this.write()) return;
    const text =
      name
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, kind === 'entity' ? 300 : 2000) || id;
    if (kind === 'entity') {
      prepare(
        this.db,
        `INSERT INTO entity (id, name, type, aliases, note, external_id, created_at, updated_at)
         VALUES (?, ?, 'other', '[]', '', NULL, ?, ?)`,
      ).run(id, text, this.now, this.now);
    } else {
      prepare(this.db, `INSERT INTO claim (id, summary, note, created_at, updated_at) VALUES (?, ?, '', ?, ?)`).run(
        id,
        text,
        this.now,
        this.now,
      );
    }
    this.records.push({ kind, id, change: 'created' });
  }

  // -------------------------------------------------------------------------------------------
  // Annotations and relations

  private existingKeys(documentId: string): Map<string, string> {
    let keys = this.dedupe.get(documentId);
    if (keys) {
      this.dedupe.delete(documentId);
      this.dedupe.set(documentId, keys);
      return keys;
    }
    keys = new Map();
    const rows = prepare(this.db, 'SELECT id, label_id, fragments FROM annotation WHERE document_id = ?').all(
      documentId,
    ) as Array<{ id: string; label_id: string; fragments: string }>;
    for (const row of rows) keys.set(`${row.label_id}|${row.fragments}`, row.id);
    this.dedupe.set(documentId, keys);
    if (this.dedupe.size > DEDUPE_DOCUMENTS) this.dedupe.delete(this.dedupe.keys().next().value as string);
    return keys;
  }

  /**
   * An annotation. With an id (Triangulate's own formats) it is written as given, replacing an
   * annotation with that id; without one it gets a new id, unless the document already has an
   * annotation with the same label and fragments, whose id is returned instead (importing the
   * same file twice does not duplicate anything).
   */
  annotation(input: AnnotationInput): string {
    const { where } = input;
    const label = this.labelFor(input.label, sub(where, 'label'));
    const described = describeAnchor(input.text, input.fragments);
    if (!described.ok) throw invalidRange(where, described.message);
    const { anchor } = described;
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.attributes ?? {})) {
      if (typeof value !== 'string' || !name || name.length > 100 || value.length > 1000) {
        throw invalidFile(
          sub(where, `attributes.${name}`),
          `expected a text value of at most 1000 characters, found ${excerpt(value)}.`,
        );
      }
      attributes[name] = value;
      this.widen(label, name, value);
    }
    const status = input.status ?? 'accepted';
    if (!(ANNOTATION_STATUSES as readonly string[]).includes(status)) {
      throw invalidFile(
        sub(where, 'status'),
        `expected one of ${ANNOTATION_STATUSES.join(', ')}, found ${excerpt(status)}.`,
      );
    }
    const entityId = input.entityId ?? null;
    const claimId = input.claimId ?? null;
    const quote = anchor.quote;
    const linkProblem = linkKindProblem(label, entityId, claimId);
    if (linkProblem) {
      throw invalidFile(sub(where, linkProblem.field === 'entityId' ? 'entity' : 'claim'), linkProblem.message);
    }
    if (entityId !== null) this.ensureLinked('entity', entityId, quote);
    if (claimId !== null) this.ensureLinked('claim', claimId, quote);
    const author = optionalString(input.author, sub(where, 'author')) ?? this.author;
    const createdAt = optionalTimestamp(input.createdAt, sub(where, 'created_at')) ?? this.now;
    const updatedAt = optionalTimestamp(input.updatedAt, sub(where, 'updated_at')) ?? createdAt;
    const note = optionalString(input.note, sub(where, 'note')) ?? '';
    const encoded = encodeFragments(anchor.fragments);

    let id = input.id ?? null;
    let existed = false;
    if (id === null) {
      const keys = this.existingKeys(input.documentId);
      const key = `${label.id}|${encoded}`;
      const duplicate = keys.get(key);
      if (duplicate) return duplicate;
      id = this.nextId('ann');
      keys.set(key, id);
    } else if (this.write() && this.annotationRecords < DETAILED_RECORDS) {
      // Only the change event's records tell created from updated, and only this many of them.
      existed = prepare(this.db, 'SELECT 1 FROM annotation WHERE id = ?').get(id) !== undefined;
    }
    this.counts.annotations++;
    if (!this.write()) return id;

    prepare(
      this.db,
      `INSERT INTO annotation (id, document_id, label_id, start_offset, end_offset, fragments, quote, prefix, suffix,
         attributes, author, status, note, entity_id, claim_id, created_at, updated_at)
       VALUES (@id, @document_id, @label_id, @start_offset, @end_offset, @fragments, @quote, @prefix, @suffix,
         @attributes, @author, @status, @note, @entity_id, @claim_id, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id, label_id = excluded.label_id,
         start_offset = excluded.start_offset, end_offset = excluded.end_offset, fragments = excluded.fragments,
         quote = excluded.quote, prefix = excluded.prefix, suffix = excluded.suffix, attributes = excluded.attributes,
         author = excluded.author, status = excluded.status, note = excluded.note, entity_id = excluded.entity_id,
         claim_id = excluded.claim_id, created_at = excluded.created_at, updated_at = excluded.updated_at`,
    ).run({
      id,
      document_id: input.documentId,
      label_id: label.id,
      start_offset: anchor.start,
      end_offset: anchor.end,
      fragments: encoded,
      quote,
      prefix: anchor.prefix,
      suffix: anchor.suffix,
      attributes: JSON.stringify(attributes),
      author,
      status: status as AnnotationStatus,
      note,
      entity_id: entityId,
      claim_id: claimId,
      created_at: createdAt,
      updated_at: updatedAt,
    });
    this.touchedDocuments.add(input.documentId);
    if (++this.annotationRecords <= DETAILED_RECORDS) {
      this.records.push({
        kind: 'annotation',
        id,
        change: existed ? 'updated' : 'created',
        documentIds: [input.documentId],
      });
    }
    return id;
  }

  /** A relation; written at the end, once every annotation of the file is in. */
  relation(input: RelationInput): void {
    if (!RELATION_TYPE.test(input.type)) {
      throw invalidFile(
        sub(input.where, 'type'),
        `expected a lowercase snake_case relation type such as attributed_to, found ${excerpt(input.type)}.`,
      );
    }
    if (input.fromId === input.toId) {
      throw invalidFile(input.where, `a relation needs two different annotations; both ends are ${input.fromId}.`);
    }
    optionalTimestamp(input.createdAt, sub(input.where, 'created_at'));
    this.counts.relations++;
    if (this.write()) {
      this.pendingRelations.push({
        where: { file: input.where.file, line: input.where.line, field: detach(input.where.field) },
        id: detach(input.id),
        fromId: detach(input.fromId),
        toId: detach(input.toId),
        type: detach(input.type),
        note: detach(input.note),
        author: detach(input.author),
        createdAt: detach(input.createdAt),
      });
    }
  }

  /** Writes the relations and widened label definitions. Call once, after the reader is done. */
  finish(): void {
    if (!this.write()) return;
    const exists = (id: string) => prepare(this.db, 'SELECT 1 FROM annotation WHERE id = ?').get(id) !== undefined;
    let relationRecords = 0;
    for (const relation of this.pendingRelations) {
      for (const [end, id] of [
        ['head', relation.fromId],
        ['child', relation.toId],
      ] as const) {
        if (!exists(id)) {
          throw invalidFile(
            sub(relation.where, end),
            `the relation's ${end} ${excerpt(id)} is not an annotation of this file or of the workspace.`,
          );
        }
      }
      const id = relation.id ?? this.nextId('rel');
      const info = prepare(
        this.db,
        `INSERT INTO relation (id, from_id, to_id, type, note, author, created_at)
         VALUES (@id, @from_id, @to_id, @type, @note, @author, @created_at)
         ON CONFLICT (id) DO UPDATE SET from_id = excluded.from_id, to_id = excluded.to_id, type = excluded.type,
           note = excluded.note, author = excluded.author, created_at = excluded.created_at
         ON CONFLICT DO NOTHING`,
      ).run({
        id,
        from_id: relation.fromId,
        to_id: relation.toId,
        type: relation.type,
        note: relation.note ?? '',
        author: relation.author ?? this.author,
        created_at: relation.createdAt ?? this.now,
      });
      if (info.changes === 0) {
        this.counts.relations--;
        continue;
      }
      if (++relationRecords <= DETAILED_RECORDS) this.records.push({ kind: 'relation', id, change: 'created' });
    }
    for (const label of this.labels.values()) {
      if (!label.dirty) continue;
      prepare(this.db, 'UPDATE label SET attributes = ? WHERE id = ?').run(JSON.stringify(label.attributes), label.id);
      if (!label.created) this.records.push({ kind: 'label', id: label.id, change: 'updated' });
    }
    if (this.annotationRecords > DETAILED_RECORDS) {
      for (const id of [...this.touchedDocuments].sort()) {
        if (!this.createdDocuments.has(id))
          this.records.push({ kind: 'document', id, change: 'updated', documentIds: [id] });
      }
    }
  }

  totals(): ImportTotals {
    return { ...this.counts };
  }

  changedRecords(): ChangedRecord[] {
    return this.records;
  }
}
