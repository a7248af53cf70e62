/**
 * Annotations and relations during a dataset import. An annotation is checked as the workspace
 * checks one (its fragments anchor in the text, a known status, an entity link only on a
 * non-claim label and a claim link only on a claim label) and written at once; one without an id
 * that repeats an annotation of its document (same label, same fragments) is not written again.
 * Relations are checked as they come and written at the end of the pass, once every annotation
 * of the file is in, so that either end may come later in the file than the relation.
 */
import type { AnnotationStatus, Fragment } from '../../common/domain.js';
import { ANNOTATION_STATUSES } from '../../common/domain.js';
import { describeAnchor } from '../../common/anchoring/index.js';
import { relationAttributesProblem } from '../../common/relation-attributes.js';
import { linkKindProblem } from '../annotations.js';
import { prepare } from '../connection.js';
import { encodeAttributes, encodeFragments } from '../rows.js';
import { LIMITS, at, checkId, checkLength, checkUnique, optionalString, optionalTimestamp } from './field-checks.js';
import type { ImportLabels } from './import-labels.js';
import type { ImportRecords } from './import-records.js';
import { DETAILED_RECORDS, detach, type ImportSession } from './import-session.js';
import { RELATION_TYPE, excerpt, invalidFile, invalidRange, type Where } from './model.js';

/** An annotation as a reader hands it over. */
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

/** A relation as a reader hands it over: between two annotation ids. */
export interface RelationInput {
  where: Where;
  id?: string | null;
  fromId: string;
  toId: string;
  type: string;
  /** The relation's attributes (e.g. an attributed source's `stance` and `cue`). */
  attributes?: Record<string, string>;
  note?: string;
  author?: string;
  createdAt?: string;
}

/** A relation kept for the end of the pass, its attributes already encoded. */
type PendingRelation = Omit<RelationInput, 'attributes'> & { attributes: string };

/** How many documents' duplicate-detection tables stay in memory. */
const DEDUPE_DOCUMENTS = 16;

/** The annotations and relations of one import pass. */
export class ImportAnnotations {
  private readonly session: ImportSession;
  private readonly labels: ImportLabels;
  private readonly linked: ImportRecords;
  /** Document id → `label id|fragments` → annotation id, for the most recently used documents. */
  private readonly dedupe = new Map<string, Map<string, string>>();
  private readonly pendingRelations: PendingRelation[] = [];
  /** The documents annotations were written to. */
  private readonly touchedDocuments = new Set<string>();
  /** Annotations written so far. */
  private annotationRecords = 0;
  /** Where each id the file gives an annotation, and a relation, first appeared (ids are unique per import). */
  private readonly givenIds = { annotation: new Map<string, Where>(), relation: new Map<string, Where>() };

  constructor(session: ImportSession, labels: ImportLabels, linked: ImportRecords) {
    this.session = session;
    this.labels = labels;
    this.linked = linked;
  }

  /** `label id|fragments` → id of a document's annotations, read once and then kept up to date. */
  private existingKeys(documentId: string): Map<string, string> {
    let keys = this.dedupe.get(documentId);
    if (keys) {
      this.dedupe.delete(documentId);
      this.dedupe.set(documentId, keys);
      return keys;
    }
    keys = new Map();
    const rows = prepare(this.session.db, 'SELECT id, label_id, fragments FROM annotation WHERE document_id = ?').all(
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
   * same file twice does not duplicate anything). Returns the annotation's id.
   * @throws ApiError `invalid_range` for fragments that do not anchor in the text;
   *   `invalid_file` for a bad label, attribute, status, link, author, note or timestamp, a field
   *   over the API's limit ({@link LIMITS}), or an id another annotation of the import has.
   */
  annotation(input: AnnotationInput): string {
    const { where } = input;
    const { db, counts } = this.session;
    if (input.id !== undefined && input.id !== null) checkId(input.id, at(where, 'id'), 'the annotation id');
    const label = this.labels.resolve(input.label, at(where, 'label'));
    if (input.fragments.length > LIMITS.fragments) {
      throw invalidFile(
        at(where, 'fragments'),
        `${input.fragments.length} fragments; an annotation has at most ${LIMITS.fragments} (as in the API).`,
      );
    }
    const described = describeAnchor(input.text, input.fragments);
    if (!described.ok) throw invalidRange(where, described.message);
    const { anchor } = described;
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.attributes ?? {})) {
      if (
        typeof value !== 'string' ||
        !name ||
        name.length > LIMITS.attributeName ||
        value.length > LIMITS.attributeValue
      ) {
        throw invalidFile(
          at(where, `attributes.${name.slice(0, LIMITS.attributeName)}`),
          `expected a name of 1 to ${LIMITS.attributeName} characters with a text value of at most ${LIMITS.attributeValue}, found ${excerpt(value)}.`,
        );
      }
      attributes[name] = value;
      this.labels.widen(label, name, value, at(where, `attributes.${name}`));
    }
    const status = input.status ?? 'accepted';
    if (!(ANNOTATION_STATUSES as readonly string[]).includes(status)) {
      throw invalidFile(
        at(where, 'status'),
        `expected one of ${ANNOTATION_STATUSES.join(', ')}, found ${excerpt(status)}.`,
      );
    }
    const entityId = input.entityId ?? null;
    const claimId = input.claimId ?? null;
    if (entityId !== null) checkId(entityId, at(where, 'entity'), 'the entity id');
    if (claimId !== null) checkId(claimId, at(where, 'claim'), 'the claim id');
    const quote = anchor.quote;
    const linkProblem = linkKindProblem(label, entityId, claimId);
    if (linkProblem) {
      throw invalidFile(at(where, linkProblem.field === 'entityId' ? 'entity' : 'claim'), linkProblem.message);
    }
    if (entityId !== null) this.linked.ensureLinked('entity', entityId, quote);
    if (claimId !== null) this.linked.ensureLinked('claim', claimId, quote);
    const author =
      checkLength(
        optionalString(input.author, at(where, 'author')),
        LIMITS.author,
        at(where, 'author'),
        'the author',
      ) ?? this.session.author;
    const createdAt = optionalTimestamp(input.createdAt, at(where, 'created_at')) ?? this.session.now;
    const updatedAt = optionalTimestamp(input.updatedAt, at(where, 'updated_at')) ?? createdAt;
    const note =
      checkLength(optionalString(input.note, at(where, 'note')), LIMITS.note, at(where, 'note'), 'the note') ?? '';
    const encoded = encodeFragments(anchor.fragments);
    if (input.id !== undefined && input.id !== null)
      checkUnique(this.givenIds.annotation, input.id, where, 'annotation');

    let id = input.id ?? null;
    let existed = false;
    if (id === null) {
      const keys = this.existingKeys(input.documentId);
      const key = `${label.id}|${encoded}`;
      const duplicate = keys.get(key);
      if (duplicate) return duplicate;
      id = this.session.nextId('ann');
      keys.set(key, id);
    } else if (this.session.writing && this.annotationRecords < DETAILED_RECORDS) {
      // Only the change event's records tell created from updated, and only this many of them.
      existed = prepare(db, 'SELECT 1 FROM annotation WHERE id = ?').get(id) !== undefined;
    }
    counts.annotations++;
    if (!this.session.writing) return id;

    prepare(
      db,
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
      this.session.records.push({
        kind: 'annotation',
        id,
        change: existed ? 'updated' : 'created',
        documentIds: [input.documentId],
      });
    }
    return id;
  }

  /**
   * A relation: checked now (type, two different ends, lengths, timestamp, an id no other relation
   * of the import has), kept in `write` mode and
   * written by {@link writeRelations}.
   * @throws ApiError `invalid_file`
   */
  relation(input: RelationInput): void {
    if (!RELATION_TYPE.test(input.type)) {
      throw invalidFile(
        at(input.where, 'type'),
        `expected a lowercase snake_case relation type such as attributed_to, found ${excerpt(input.type)}.`,
      );
    }
    if (input.fromId === input.toId) {
      throw invalidFile(input.where, `a relation needs two different annotations; both ends are ${input.fromId}.`);
    }
    const { where } = input;
    if (input.id !== undefined && input.id !== null) checkId(input.id, at(where, 'id'), 'the relation id');
    checkId(input.fromId, at(where, 'head'), 'the head annotation id');
    checkId(input.toId, at(where, 'child'), 'the child annotation id');
    checkLength(input.note, LIMITS.note, at(where, 'note'), 'the note');
    checkLength(input.author, LIMITS.author, at(where, 'author'), 'the author');
    optionalTimestamp(input.createdAt, at(where, 'created_at'));
    const attributes = input.attributes ?? {};
    const problem = relationAttributesProblem(attributes);
    if (problem) {
      const name = problem.field.slice('attributes.'.length);
      throw invalidFile(
        at(where, problem.field),
        name ? `${problem.message} Found ${excerpt(attributes[name])}.` : problem.message,
      );
    }
    if (input.id !== undefined && input.id !== null) checkUnique(this.givenIds.relation, input.id, where, 'relation');
    this.session.counts.relations++;
    if (this.session.writing) {
      this.pendingRelations.push({
        where: { file: input.where.file, line: input.where.line, field: detach(input.where.field) },
        id: detach(input.id),
        fromId: detach(input.fromId),
        toId: detach(input.toId),
        type: detach(input.type),
        attributes: encodeAttributes(attributes),
        note: detach(input.note),
        author: detach(input.author),
        createdAt: detach(input.createdAt),
      });
    }
  }

  /**
   * Writes the kept relations (in `write` mode; nothing in `check` mode). A relation that would
   * repeat one the workspace holds (same ends and type, another id) is skipped and not counted.
   * @throws ApiError `invalid_file` when an end is not an annotation of the file or the workspace.
   */
  writeRelations(): void {
    if (!this.session.writing) return;
    const { db, counts, records } = this.session;
    const exists = (id: string) => prepare(db, 'SELECT 1 FROM annotation WHERE id = ?').get(id) !== undefined;
    let relationRecords = 0;
    for (const relation of this.pendingRelations) {
      for (const [end, id] of [
        ['head', relation.fromId],
        ['child', relation.toId],
      ] as const) {
        if (!exists(id)) {
          throw invalidFile(
            at(relation.where, end),
            `the relation's ${end} ${excerpt(id)} is not an annotation of this file or of the workspace.`,
          );
        }
      }
      const id = relation.id ?? this.session.nextId('rel');
      const info = prepare(
        db,
        `INSERT INTO relation (id, from_id, to_id, type, attributes, note, author, created_at)
         VALUES (@id, @from_id, @to_id, @type, @attributes, @note, @author, @created_at)
         ON CONFLICT (id) DO UPDATE SET from_id = excluded.from_id, to_id = excluded.to_id, type = excluded.type,
           attributes = excluded.attributes, note = excluded.note, author = excluded.author,
           created_at = excluded.created_at
         ON CONFLICT DO NOTHING`,
      ).run({
        id,
        from_id: relation.fromId,
        to_id: relation.toId,
        type: relation.type,
        attributes: relation.attributes,
        note: relation.note ?? '',
        author: relation.author ?? this.session.author,
        created_at: relation.createdAt ?? this.session.now,
      });
      if (info.changes === 0) {
        counts.relations--;
        continue;
      }
      if (++relationRecords <= DETAILED_RECORDS) records.push({ kind: 'relation', id, change: 'created' });
    }
  }

  /**
   * When more annotations were written than the change event lists one by one, records each
   * document they were written to as updated (except `isCreated` ones, already recorded).
   */
  recordTouchedDocuments(isCreated: (documentId: string) => boolean): void {
    if (this.annotationRecords <= DETAILED_RECORDS) return;
    for (const id of [...this.touchedDocuments].sort()) {
      if (!isCreated(id)) this.session.records.push({ kind: 'document', id, change: 'updated', documentIds: [id] });
    }
  }
}
