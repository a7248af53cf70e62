/**
 * Reading what an export covers, in a stable order, without holding the workspace's connection.
 *
 * For a workspace file, the reader opens its own read-only connection and starts a transaction on
 * it: WAL gives that connection a consistent snapshot for the whole export while the workspace
 * keeps accepting edits on its own connection. For an in-memory workspace (or where a second
 * connection cannot be opened) it reads page by page from the workspace's connection; edits made
 * meanwhile may then show up in the later pages.
 *
 * Every query is a short `.all()`, never an open iterator, so awaiting between pages is safe.
 * Memory is bounded by the largest document, not by the dataset.
 */
import type { Db } from '../connection.js';
import { closeDatabase, openDatabase, prepare } from '../connection.js';
import { ApiError } from '../../common/errors.js';
import type { AnnotationRow, ClaimRow, EntityRow, LabelRow, NoteRow, RelationRow } from '../rows.js';
import type { Workspace } from '../workspace.js';

/** Which annotations an export covers. */
export interface ExportScope {
  /** Document ids, or null for every document. */
  documentIds: string[] | null;
  /** Label ids, or null for every label. */
  labelIds: string[] | null;
  /** Only accepted annotations (true), or all of them. */
  acceptedOnly: boolean;
}

export interface DocumentMetaRow {
  id: string;
  title: string;
  outlet: string | null;
  published_at: string | null;
  origin: string | null;
  content_hash: string;
  metadata: string;
}

/** An annotation row with the names an export prints beside the ids. */
export interface ExportAnnotationRow extends AnnotationRow {
  entity_name: string | null;
  claim_summary: string | null;
}

/** A relation row with what an export prints beside the ends' ids: their texts, the child's document. */
export interface ExportRelationRow extends RelationRow {
  from_quote: string;
  to_document_id: string;
  to_quote: string;
}

/** `(scope)` for annotation alias `x`, with the parameters @acceptedOnly, @labels, @docs. */
function inScope(x: string): string {
  return `(@acceptedOnly = 0 OR ${x}.status = 'accepted')
      AND (@labels IS NULL OR ${x}.label_id IN (SELECT value FROM json_each(@labels)))
      AND (@docs IS NULL OR ${x}.document_id IN (SELECT value FROM json_each(@docs)))`;
}

const PAGE = 1000;

export class ExportReader {
  readonly db: Db;
  /** True when reading from a private snapshot connection. */
  readonly snapshot: boolean;
  private readonly params: { acceptedOnly: number; labels: string | null; docs: string | null };

  private constructor(db: Db, snapshot: boolean, scope: ExportScope) {
    this.db = db;
    this.snapshot = snapshot;
    this.params = {
      acceptedOnly: scope.acceptedOnly ? 1 : 0,
      labels: scope.labelIds ? JSON.stringify(scope.labelIds) : null,
      docs: scope.documentIds ? JSON.stringify(scope.documentIds) : null,
    };
  }

  /** Opens a reader on a snapshot of the workspace (see the module comment). */
  static open(workspace: Workspace, scope: ExportScope): ExportReader {
    if (workspace.path && workspace.path !== ':memory:' && !workspace.path.startsWith('file::memory:')) {
      let db: Db | null = null;
      try {
        db = openDatabase(workspace.path, {
          readonly: true,
          ...(workspace.nativeBinding ? { nativeBinding: workspace.nativeBinding } : {}),
        });
        db.exec('BEGIN');
        db.prepare('SELECT count(*) FROM document').get();
        return new ExportReader(db, true, scope);
      } catch {
        if (db?.open) db.close();
      }
    }
    return new ExportReader(workspace.db, false, scope);
  }

  close(): void {
    if (!this.snapshot || !this.db.open) return;
    try {
      if (this.db.inTransaction) this.db.exec('COMMIT');
    } finally {
      closeDatabase(this.db);
    }
  }

  /**
   * Resolves export filters: document ids must exist; labels are given by name (any case) or id.
   * @throws ApiError `not_found` naming the first unknown one.
   */
  static resolveScope(
    workspace: Workspace,
    filters: {
      documentIds?: string[] | undefined;
      labels?: string[] | undefined;
      status?: 'accepted' | 'all' | undefined;
    },
  ): ExportScope {
    const db = workspace.db;
    let documentIds: string[] | null = null;
    if (filters.documentIds) {
      documentIds = [...new Set(filters.documentIds)].sort();
      for (const id of documentIds) {
        if (!prepare(db, 'SELECT 1 FROM document WHERE id = ?').get(id)) {
          throw new ApiError('not_found', `No document with id ${id}.`, { field: 'documentIds' });
        }
      }
    }
    let labelIds: string[] | null = null;
    if (filters.labels) {
      const ids = new Set<string>();
      for (const name of filters.labels) {
        const row = prepare(db, 'SELECT id FROM label WHERE id = ? OR name = ? COLLATE NOCASE').get(name, name) as
          { id: string } | undefined;
        if (!row) throw new ApiError('not_found', `No label named “${name}”.`, { field: 'labels' });
        ids.add(row.id);
      }
      labelIds = [...ids].sort();
    }
    return { documentIds, labelIds, acceptedOnly: filters.status === 'accepted' };
  }

  /** The tagset of the export: the filtered labels, or all, in palette order. */
  labels(): LabelRow[] {
    return prepare(
      this.db,
      `SELECT * FROM label WHERE @labels IS NULL OR id IN (SELECT value FROM json_each(@labels))
        ORDER BY position, name, id`,
    ).all({ labels: this.params.labels }) as LabelRow[];
  }

  /** Documents of the export (without text), by publication date, then title, then id. */
  documents(): DocumentMetaRow[] {
    return prepare(
      this.db,
      `SELECT id, title, outlet, published_at, origin, content_hash, metadata FROM document
        WHERE @docs IS NULL OR id IN (SELECT value FROM json_each(@docs))
        ORDER BY published_at IS NULL, published_at, title, id`,
    ).all({ docs: this.params.docs }) as DocumentMetaRow[];
  }

  text(documentId: string): string {
    const row = prepare(this.db, 'SELECT text FROM document WHERE id = ?').get(documentId) as
      { text: string } | undefined;
    if (!row) throw new ApiError('not_found', `Document ${documentId} disappeared during the export.`);
    return row.text;
  }

  /** How many annotations the export covers (for progress). */
  countAnnotations(): number {
    return (
      prepare(this.db, `SELECT count(*) AS n FROM annotation a WHERE ${inScope('a')}`).get(this.params) as {
        n: number;
      }
    ).n;
  }

  /** A document's annotations in the export, by start, end, then id. */
  annotations(documentId: string): ExportAnnotationRow[] {
    return prepare(
      this.db,
      `SELECT a.*, e.name AS entity_name, c.summary AS claim_summary
         FROM annotation a
         LEFT JOIN entity e ON e.id = a.entity_id
         LEFT JOIN claim c ON c.id = a.claim_id
        WHERE a.document_id = @doc AND ${inScope('a')}
        ORDER BY a.start_offset, a.end_offset, a.id`,
    ).all({ ...this.params, doc: documentId }) as ExportAnnotationRow[];
  }

  /** Relations whose head is in the document and whose both ends are in the export. */
  relations(documentId: string): ExportRelationRow[] {
    return prepare(
      this.db,
      `SELECT r.*, a.quote AS from_quote, b.document_id AS to_document_id, b.quote AS to_quote FROM annotation a
         JOIN relation r ON r.from_id = a.id
         JOIN annotation b ON b.id = r.to_id
        WHERE a.document_id = @doc AND ${inScope('a')} AND ${inScope('b')}
        ORDER BY a.start_offset, a.end_offset, a.id, r.type, r.to_id, r.id`,
    ).all({ ...this.params, doc: documentId }) as ExportRelationRow[];
  }

  /** Entities linked from the export's annotations, by id, one page after `after`. */
  entityPage(after: string): EntityRow[] {
    return prepare(
      this.db,
      `SELECT e.* FROM entity e
        WHERE e.id > @after
          AND EXISTS (SELECT 1 FROM annotation a WHERE a.entity_id = e.id AND ${inScope('a')})
        ORDER BY e.id LIMIT ${PAGE}`,
    ).all({ ...this.params, after }) as EntityRow[];
  }

  /** Claims linked from the export's annotations, by id, one page after `after`. */
  claimPage(after: string): ClaimRow[] {
    return prepare(
      this.db,
      `SELECT c.* FROM claim c
        WHERE c.id > @after
          AND EXISTS (SELECT 1 FROM annotation a WHERE a.claim_id = c.id AND ${inScope('a')})
        ORDER BY c.id LIMIT ${PAGE}`,
    ).all({ ...this.params, after }) as ClaimRow[];
  }

  /** A claim's mentions in the export: document and attributes. */
  claimMentions(claimId: string): Array<{ document_id: string; attributes: string }> {
    return prepare(
      this.db,
      `SELECT a.document_id, a.attributes FROM annotation a
        WHERE a.claim_id = @claim AND ${inScope('a')}
        ORDER BY a.document_id, a.id`,
    ).all({ ...this.params, claim: claimId }) as Array<{ document_id: string; attributes: string }>;
  }

  /**
   * Notes about what the export holds (its documents, annotations, entities and claims) and the
   * workspace-wide notes, by creation time then id, one page after `(createdAt, id)`.
   */
  notePage(after: { createdAt: string; id: string }): NoteRow[] {
    return prepare(
      this.db,
      `SELECT n.* FROM note n
        WHERE (n.created_at > @afterAt OR (n.created_at = @afterAt AND n.id > @afterId))
          AND (n.target_id IS NULL
               OR EXISTS (SELECT 1 FROM document d WHERE d.id = n.target_id
                           AND (@docs IS NULL OR d.id IN (SELECT value FROM json_each(@docs))))
               OR EXISTS (SELECT 1 FROM annotation a WHERE a.id = n.target_id AND ${inScope('a')})
               OR EXISTS (SELECT 1 FROM annotation a WHERE a.entity_id = n.target_id AND ${inScope('a')})
               OR EXISTS (SELECT 1 FROM annotation a WHERE a.claim_id = n.target_id AND ${inScope('a')}))
        ORDER BY n.created_at, n.id LIMIT ${PAGE}`,
    ).all({ ...this.params, afterAt: after.createdAt, afterId: after.id }) as NoteRow[];
  }

  /** Distinct attribute names used by the export's relations (both ends exported), sorted. */
  relationAttributeNames(): string[] {
    return (
      prepare(
        this.db,
        `SELECT DISTINCT j.key AS name FROM relation r, json_each(r.attributes) j
           JOIN annotation a ON a.id = r.from_id JOIN annotation b ON b.id = r.to_id
          WHERE ${inScope('a')} AND ${inScope('b')} ORDER BY j.key`,
      ).all(this.params) as Array<{ name: string }>
    ).map((r) => r.name);
  }

  /** Distinct attribute names used by the export's annotations, sorted. */
  attributeNames(): string[] {
    return (
      prepare(
        this.db,
        `SELECT DISTINCT j.key AS name FROM annotation a, json_each(a.attributes) j
          WHERE ${inScope('a')} ORDER BY j.key`,
      ).all(this.params) as Array<{ name: string }>
    ).map((r) => r.name);
  }
}
