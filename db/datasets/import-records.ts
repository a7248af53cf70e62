/**
 * Entities, claims and notes during a dataset import: the records a manifest describes beside
 * its labels and documents (written as given, replacing the workspace's record with that id),
 * and the entities and claims annotations link to. A link to an id the file does not describe
 * resolves to the workspace's record, else to a stub named after the linked text; a link to
 * another tool's knowledge-base id resolves to the workspace's entity with that external id,
 * else to a new one.
 */
import type { EntityType } from '../../common/domain.js';
import { ENTITY_TYPES } from '../../common/domain.js';
import { prepare } from '../connection.js';
import { newId } from '../ids.js';
import { cleanAliases } from '../rows.js';
import { LIMITS, at, checkId, checkLength, checkUnique, optionalTimestamp } from './field-checks.js';
import { detach, type ImportSession } from './import-session.js';
import { excerpt, invalidFile, type Where } from './model.js';

/** An entity as a manifest describes it. */
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

/** A claim as a manifest describes it. */
export interface ClaimInput {
  where: Where;
  id: string;
  summary: string;
  note: string;
  createdAt?: string;
  updatedAt?: string;
}

/** A note as a manifest describes it. */
export interface NoteInput {
  where: Where;
  id: string;
  targetId: string | null;
  body: string;
  author?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** The entities, claims and notes of one import pass. */
export class ImportRecords {
  private readonly session: ImportSession;
  /** Entity ids the pass has met: described, linked or created. */
  private readonly knownEntities = new Set<string>();
  /** Claim ids the pass has met: described or linked. */
  private readonly knownClaims = new Set<string>();
  /** External id → entity id. */
  private readonly externalEntities = new Map<string, string>();
  /** Where each entity, claim and note the file describes was first described (ids are unique per import). */
  private readonly described = {
    entity: new Map<string, Where>(),
    claim: new Map<string, Where>(),
    note: new Map<string, Where>(),
  };

  constructor(session: ImportSession) {
    this.session = session;
  }

  /**
   * An entity the file describes.
   * @throws ApiError `invalid_file` for a missing, overlong or repeated id, a missing name, an unknown
   *   type, bad aliases or timestamps, or a field over the API's limit ({@link LIMITS}).
   */
  entity(input: EntityInput): void {
    const { where } = input;
    if (!input.id) throw invalidFile(at(where, 'id'), 'expected an entity id.');
    if (!input.name.trim()) throw invalidFile(at(where, 'name'), 'expected an entity name.');
    if (!(ENTITY_TYPES as readonly string[]).includes(input.type)) {
      throw invalidFile(
        at(where, 'type'),
        `expected an entity type (${ENTITY_TYPES.join(', ')}), found ${excerpt(input.type)}.`,
      );
    }
    if (!Array.isArray(input.aliases) || input.aliases.some((a) => typeof a !== 'string')) {
      throw invalidFile(at(where, 'aliases'), 'expected an array of names.');
    }
    checkId(input.id, at(where, 'id'), 'the entity id');
    checkLength(input.name.trim(), LIMITS.entityName, at(where, 'name'), 'the entity name');
    if (input.aliases.length > LIMITS.aliases) {
      throw invalidFile(
        at(where, 'aliases'),
        `${input.aliases.length} aliases; an entity has at most ${LIMITS.aliases} (as in the API).`,
      );
    }
    input.aliases.forEach((alias, i) =>
      checkLength(alias.trim(), LIMITS.entityName, at(where, `aliases[${i}]`), 'an alias'),
    );
    checkLength(input.note, LIMITS.note, at(where, 'note'), 'the note');
    checkLength(input.externalId, LIMITS.externalId, at(where, 'externalId'), 'the external id');
    const createdAt = optionalTimestamp(input.createdAt, at(where, 'createdAt'));
    const updatedAt = optionalTimestamp(input.updatedAt, at(where, 'updatedAt'));
    checkUnique(this.described.entity, input.id, where, 'entity');
    this.knownEntities.add(detach(input.id));
    this.session.counts.entities++;
    if (!this.session.writing) return;
    const { db, now } = this.session;
    const existed = prepare(db, 'SELECT 1 FROM entity WHERE id = ?').get(input.id) !== undefined;
    prepare(
      db,
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
      created_at: createdAt ?? now,
      updated_at: updatedAt ?? now,
    });
    this.session.records.push({ kind: 'entity', id: input.id, change: existed ? 'updated' : 'created' });
  }

  /**
   * A claim the file describes.
   * @throws ApiError `invalid_file` for a missing, overlong or repeated id, a missing summary, bad
   *   timestamps, or a field over the API's limit ({@link LIMITS}).
   */
  claim(input: ClaimInput): void {
    const { where } = input;
    if (!input.id) throw invalidFile(at(where, 'id'), 'expected a claim id.');
    if (!input.summary.trim()) throw invalidFile(at(where, 'summary'), 'expected a claim summary.');
    checkId(input.id, at(where, 'id'), 'the claim id');
    checkLength(input.summary.trim(), LIMITS.claimSummary, at(where, 'summary'), 'the claim summary');
    checkLength(input.note, LIMITS.note, at(where, 'note'), 'the note');
    const createdAt = optionalTimestamp(input.createdAt, at(where, 'createdAt'));
    const updatedAt = optionalTimestamp(input.updatedAt, at(where, 'updatedAt'));
    checkUnique(this.described.claim, input.id, where, 'claim');
    this.knownClaims.add(detach(input.id));
    this.session.counts.claims++;
    if (!this.session.writing) return;
    const { db, now } = this.session;
    const existed = prepare(db, 'SELECT 1 FROM claim WHERE id = ?').get(input.id) !== undefined;
    prepare(
      db,
      `INSERT INTO claim (id, summary, note, created_at, updated_at) VALUES (@id, @summary, @note, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET summary = excluded.summary, note = excluded.note,
         created_at = excluded.created_at, updated_at = excluded.updated_at`,
    ).run({
      id: input.id,
      summary: input.summary.trim(),
      note: input.note,
      created_at: createdAt ?? now,
      updated_at: updatedAt ?? now,
    });
    this.session.records.push({ kind: 'claim', id: input.id, change: existed ? 'updated' : 'created' });
  }

  /**
   * A note the file describes.
   * @throws ApiError `invalid_file` for a missing, overlong or repeated id, a missing or overlong
   *   body, or a timestamp that names no instant.
   */
  note(input: NoteInput): void {
    if (!input.id) throw invalidFile(at(input.where, 'id'), 'expected a note id.');
    if (!input.body.trim()) throw invalidFile(at(input.where, 'body'), 'expected the text of the note.');
    const { where } = input;
    checkId(input.id, at(where, 'id'), 'the note id');
    if (input.targetId !== null) checkId(input.targetId, at(where, 'targetId'), 'the target id');
    checkLength(input.body, LIMITS.noteBody, at(where, 'body'), 'the note');
    checkLength(input.author, LIMITS.author, at(where, 'author'), 'the author');
    const createdAt = optionalTimestamp(input.createdAt, at(where, 'createdAt'));
    const updatedAt = optionalTimestamp(input.updatedAt, at(where, 'updatedAt'));
    checkUnique(this.described.note, input.id, where, 'note');
    if (!this.session.writing) return;
    const { db, now, author } = this.session;
    const existed = prepare(db, 'SELECT 1 FROM note WHERE id = ?').get(input.id) !== undefined;
    prepare(
      db,
      `INSERT INTO note (id, target_id, body, author, created_at, updated_at)
       VALUES (@id, @target_id, @body, @author, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET target_id = excluded.target_id, body = excluded.body, author = excluded.author,
         created_at = excluded.created_at, updated_at = excluded.updated_at`,
    ).run({
      id: input.id,
      target_id: input.targetId,
      body: input.body,
      author: input.author ?? author,
      created_at: createdAt ?? now,
      updated_at: updatedAt ?? now,
    });
    this.session.records.push({ kind: 'note', id: input.id, change: existed ? 'updated' : 'created' });
  }

  /**
   * The entity another tool links a span to (a knowledge-base id such as a Wikidata QID): the
   * workspace's entity with that external id, or a new one. Returns its id.
   * @throws ApiError `invalid_file` (naming `where`) for an external id over {@link LIMITS.externalId} characters.
   */
  linkedEntity(externalId: string, name: string, type: EntityType, where: Where): string {
    checkLength(externalId, LIMITS.externalId, where, 'the linked external id');
    const known = this.externalEntities.get(externalId);
    if (known) return known;
    const { db, now } = this.session;
    const row = prepare(db, 'SELECT id FROM entity WHERE external_id = ? ORDER BY id LIMIT 1').get(externalId) as
      { id: string } | undefined;
    let id = row?.id;
    if (!id) {
      id = newId('ent');
      this.session.counts.entities++;
      if (this.session.writing) {
        prepare(
          db,
          `INSERT INTO entity (id, name, type, aliases, note, external_id, created_at, updated_at)
           VALUES (?, ?, ?, '[]', '', ?, ?, ?)`,
        ).run(id, name.trim().slice(0, 300) || externalId, type, externalId, now, now);
        this.session.records.push({ kind: 'entity', id, change: 'created' });
      }
    }
    this.externalEntities.set(detach(externalId), id);
    this.knownEntities.add(id);
    return id;
  }

  /**
   * An entity or claim an annotation links to: one the file describes, the workspace's, or else a
   * stub named after `name` (the annotation's quote).
   */
  ensureLinked(kind: 'entity' | 'claim', id: string, name: string): void {
    const known = kind === 'entity' ? this.knownEntities : this.knownClaims;
    if (known.has(id)) return;
    known.add(detach(id));
    const { db, now, counts } = this.session;
    const exists = prepare(db, `SELECT 1 FROM ${kind} WHERE id = ?`).get(id) !== undefined;
    if (exists) return;
    if (kind === 'entity') counts.entities++;
    else counts.claims++;
    if (!this.session.writing) return;
    const text =
      name
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, kind === 'entity' ? 300 : 2000) || id;
    if (kind === 'entity') {
      prepare(
        db,
        `INSERT INTO entity (id, name, type, aliases, note, external_id, created_at, updated_at)
         VALUES (?, ?, 'other', '[]', '', NULL, ?, ?)`,
      ).run(id, text, now, now);
    } else {
      prepare(db, `INSERT INTO claim (id, summary, note, created_at, updated_at) VALUES (?, ?, '', ?, ?)`).run(
        id,
        text,
        now,
        now,
      );
    }
    this.session.records.push({ kind, id, change: 'created' });
  }
}
