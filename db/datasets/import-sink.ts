/**
 * Where every dataset reader delivers what it reads. A reader walks its files and calls the
 * sink: `document`, `label`, `entity`, `claim`, `note`, `annotation`, `relation`. The sink checks
 * each record against the rules the workspace enforces elsewhere (fragments fit the text, an
 * entity or claim link only on a label of the matching kind, known statuses, snake_case relation
 * types), maps labels by name (creating missing ones, widening attribute definitions to the
 * values it meets), maps documents by content hash, and in `write` mode writes with direct
 * statements inside the transaction of `Workspace.bulkWrite`. Its parts: import-labels.ts,
 * import-documents.ts, import-records.ts (entities, claims, notes) and import-annotations.ts
 * (annotations, relations), sharing one `ImportSession`.
 *
 * An import (`importDataset` in index.ts) runs the reader twice over the same files: first with
 * a `check` sink (nothing written; between records the loop yields to the event loop once 50 ms
 * have passed since it last did, so that progress shows and a cancel request can land), then
 * with a `write` sink in one transaction. Most faults of a file therefore surface before any lock
 * is taken; relation ends are the exception: whether each is an annotation of the file or of the
 * workspace is checked only while writing, and a miss rolls the transaction back. Memory grows
 * only with what must be remembered: the ids the file has given (each id may appear once), the
 * duplicate-detection keys of the last few documents, at most `DETAILED_RECORDS` change records,
 * and the relations, held until the end of the pass; the annotations themselves pass through.
 */
import type { ChangedRecord, EntityType } from '../../common/domain.js';
import type { Db } from '../connection.js';
import { ImportAnnotations, type AnnotationInput, type RelationInput } from './import-annotations.js';
import { ImportDocuments, type DocumentInput } from './import-documents.js';
import { ImportLabels, type LabelInput } from './import-labels.js';
import { ImportRecords, type ClaimInput, type EntityInput, type NoteInput } from './import-records.js';
import { ImportSession, type ImportMode, type ImportTotals } from './import-session.js';
import type { Where } from './model.js';

/** The sink of one pass of an import (see the module comment). */
export class ImportSink {
  private readonly session: ImportSession;
  private readonly labels: ImportLabels;
  private readonly documents: ImportDocuments;
  private readonly records: ImportRecords;
  private readonly annotations: ImportAnnotations;

  constructor(db: Db, mode: ImportMode, options: { now: string; author: string }) {
    this.session = new ImportSession(db, mode, options);
    this.labels = new ImportLabels(this.session);
    this.documents = new ImportDocuments(this.session);
    this.records = new ImportRecords(this.session);
    this.annotations = new ImportAnnotations(this.session, this.labels, this.records);
  }

  /** Declares a label of the file's tagset: found by name, or created as described. */
  label(input: LabelInput): void {
    this.labels.resolve(input.name, input.where, input);
  }

  /** A document of the file, found or created by content hash (see `ImportDocuments.document`). */
  document(input: DocumentInput): string {
    return this.documents.document(input);
  }

  /** A document of the workspace by id, or else by origin (file name or URL). */
  findDocument(key: string): { id: string; text: string } | null {
    return this.documents.find(key);
  }

  /** An entity the file describes. */
  entity(input: EntityInput): void {
    this.records.entity(input);
  }

  /** A claim the file describes. */
  claim(input: ClaimInput): void {
    this.records.claim(input);
  }

  /** A note the file describes. */
  note(input: NoteInput): void {
    this.records.note(input);
  }

  /** The entity with another tool's knowledge-base id (see `ImportRecords.linkedEntity`). */
  linkedEntity(externalId: string, name: string, type: EntityType, where: Where): string {
    return this.records.linkedEntity(externalId, name, type, where);
  }

  /** An annotation; returns its id (see `ImportAnnotations.annotation`). */
  annotation(input: AnnotationInput): string {
    return this.annotations.annotation(input);
  }

  /** A relation; written at the end, once every annotation of the file is in. */
  relation(input: RelationInput): void {
    this.annotations.relation(input);
  }

  /**
   * Writes the relations and widened label definitions, and records the documents annotations
   * were written to when there were too many annotations to list. Call once, after the reader is
   * done; in `check` mode it does nothing.
   */
  finish(): void {
    if (!this.session.writing) return;
    this.annotations.writeRelations();
    this.labels.finish();
    this.annotations.recordTouchedDocuments((id) => this.documents.isCreated(id));
  }

  /** What the pass counted (in `check` mode, what the write would import). */
  totals(): ImportTotals {
    return { ...this.session.counts };
  }

  /** The change records of the writes, for the workspace's `changed` event. */
  changedRecords(): ChangedRecord[] {
    return this.session.records;
  }
}
