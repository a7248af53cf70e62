/**
 * Bulk loading of annotations (dataset imports, benchmarks): the same checks as
 * `annotations.create` (references exist, fragments fit the text, attributes belong to the
 * label) but written with direct statements in one transaction, recorded in the history as one
 * permanent entry rather than row by row.
 */
import { anchorFragments } from '../common/anchoring/index.js';
import type { Fragment, Label } from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import { prepare } from './connection.js';
import { newId, nowIso } from './ids.js';
import { encodeFragments } from './rows.js';
import type { Workspace } from './workspace.js';

export interface BulkAnnotation {
  id?: string;
  documentId: string;
  labelId: string;
  fragments: Fragment[];
  attributes?: Record<string, string>;
  status?: 'proposed' | 'accepted' | 'rejected';
  note?: string;
  author?: string;
  entityId?: string | null;
  claimId?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

const INSERT = `INSERT INTO annotation (id, document_id, label_id, start_offset, end_offset, fragments, quote, prefix,
  suffix, attributes, author, status, note, entity_id, claim_id, created_at, updated_at)
  VALUES (@id, @document_id, @label_id, @start_offset, @end_offset, @fragments, @quote, @prefix, @suffix,
  @attributes, @author, @status, @note, @entity_id, @claim_id, @created_at, @updated_at)`;

/**
 * Inserts many annotations in one transaction. `where(i)` names the i-th input in error
 * messages (e.g. "spans.jsonl line 12"). Throws on the first invalid one; nothing is written.
 * Returns the ids, in input order.
 */
export function insertAnnotationsBulk(
  workspace: Workspace,
  annotations: readonly BulkAnnotation[],
  options: { method?: string; summary?: string; where?: (index: number) => string } = {},
): string[] {
  const labels = new Map<string, Label>(workspace.listLabels().map((l) => [l.id, l]));
  const where = options.where ?? ((i: number) => `annotation ${i}`);
  return workspace.bulkWrite(
    options.method ?? 'annotations.import',
    options.summary ?? `Imported ${annotations.length} annotations`,
    (db) => {
      const insert = prepare(db, INSERT);
      const author = workspace.analyst;
      const now = nowIso();
      const ids: string[] = [];
      const documents = new Set<string>();
      for (const [index, a] of annotations.entries()) {
        const label = labels.get(a.labelId);
        if (!label) throw new ApiError('not_found', `${where(index)}: no label with id ${a.labelId}.`);
        let text: string;
        try {
          text = workspace.documentText(a.documentId);
        } catch {
          throw new ApiError('not_found', `${where(index)}: no document with id ${a.documentId}.`);
        }
        const anchor = anchorFragments(text, a.fragments, where(index));
        const attributes: Record<string, string> = {};
        for (const [name, value] of Object.entries(a.attributes ?? {})) {
          const definition = label.attributes.find((d) => d.name === name);
          if (!definition || !definition.values.includes(value)) {
            throw new ApiError(
              'invalid_params',
              `${where(index)}: “${name}=${value}” is not an attribute value of the label “${label.name}”.`,
            );
          }
          attributes[name] = value;
        }
        for (const definition of label.attributes) {
          if (attributes[definition.name] === undefined && definition.default !== undefined) {
            attributes[definition.name] = definition.default;
          }
        }
        const id = a.id ?? newId('ann');
        insert.run({
          id,
          document_id: a.documentId,
          label_id: a.labelId,
          start_offset: anchor.start,
          end_offset: anchor.end,
          fragments: encodeFragments(anchor.fragments),
          quote: anchor.quote,
          prefix: anchor.prefix,
          suffix: anchor.suffix,
          attributes: JSON.stringify(attributes),
          author: a.author ?? author,
          status: a.status ?? 'accepted',
          note: a.note ?? '',
          entity_id: a.entityId ?? null,
          claim_id: a.claimId ?? null,
          created_at: a.createdAt ?? now,
          updated_at: a.updatedAt ?? a.createdAt ?? now,
        });
        ids.push(id);
        documents.add(a.documentId);
      }
      // One record per document rather than per row: views reload what they show.
      const records = [...documents].map((id) => ({
        kind: 'document' as const,
        id,
        change: 'updated' as const,
        documentIds: [id],
      }));
      return { result: ids, records };
    },
  );
}

/** Number of annotations per document, for callers that report what they loaded. */
export function annotationCount(workspace: Workspace, documentId: string): number {
  return (
    prepare(workspace.db, 'SELECT count(*) AS n FROM annotation WHERE document_id = ?').get(documentId) as { n: number }
  ).n;
}
