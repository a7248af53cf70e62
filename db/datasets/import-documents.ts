/**
 * Documents during a dataset import. A file's text (already canonical) maps to a document by its
 * content hash: the workspace's document with that text when there is one, else a new document
 * (titled as the file says, else by its first line with a letter or digit, else by its origin,
 * else by its id). Other tools'
 * annotations may instead name a document the workspace holds, by id or by origin.
 */
import { hasLoneSurrogate, loneSurrogateAt, splitParagraphs } from '../../common/text.js';
import { prepare } from '../connection.js';
import { sha256 } from '../ids.js';
import { documentIdFor, firstLineTitle } from '../import/documents.js';
import { encodeParagraphs } from '../rows.js';
import type { ImportSession } from './import-session.js';
import { invalidFile, type Where } from './model.js';

/** A document as a file gives it. */
export interface DocumentInput {
  where: Where;
  /** Canonical text (see `sourceDocument` in formats/common.ts). */
  text: string;
  title?: string | null;
  outlet?: string | null;
  publishedAt?: string | null;
  origin?: string | null;
  metadata?: Record<string, unknown>;
}

/** The documents of one import pass. */
export class ImportDocuments {
  private readonly session: ImportSession;
  /** Every document the pass has met. */
  private readonly seen = new Set<string>();
  /** The documents the pass creates (not in the workspace before). */
  private readonly created = new Set<string>();

  constructor(session: ImportSession) {
    this.session = session;
  }

  /**
   * A document of the file: the workspace's document with the same text when there is one (ids
   * derive from the content hash), a new one otherwise. Returns its id.
   * @throws ApiError `invalid_file` for an empty text.
   */
  document(input: DocumentInput): string {
    const { text } = input;
    if (!/\S/.test(text)) throw invalidFile(input.where, 'the text is empty; expected the document text.');
    if (hasLoneSurrogate(text)) {
      throw invalidFile(
        input.where,
        `the text holds an unpaired UTF-16 surrogate at character ${loneSurrogateAt(text)}, which is not text.`,
      );
    }
    const { db, counts } = this.session;
    const contentHash = sha256(text);
    const id = documentIdFor(contentHash);
    if (!this.seen.has(id)) {
      this.seen.add(id);
      counts.documents++;
      const exists = prepare(db, 'SELECT 1 FROM document WHERE id = ?').get(id) !== undefined;
      if (!exists) {
        this.created.add(id);
        if (this.session.writing) {
          const title = input.title?.trim() || firstLineTitle(text) || input.origin || id;
          prepare(
            db,
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
            this.session.now,
          );
          this.session.records.push({ kind: 'document', id, change: 'created', documentIds: [id] });
        }
      }
    }
    return id;
  }

  /** True when this pass creates the document (it was not in the workspace). */
  isCreated(id: string): boolean {
    return this.created.has(id);
  }

  /** A document of the workspace by id, or else by origin (file name or URL). */
  find(key: string): { id: string; text: string } | null {
    const { db } = this.session;
    // By id first (the primary key); by origin (no index: a scan) only when that fails.
    const row = (prepare(db, 'SELECT id, text FROM document WHERE id = ?').get(key) ??
      prepare(db, 'SELECT id, text FROM document WHERE origin = ? ORDER BY id LIMIT 1').get(key)) as
      { id: string; text: string } | undefined;
    return row ?? null;
  }
}
