/**
 * Bulk loading of annotations (benchmarks, large loads): each row built and checked by the same
 * `annotationRow` as `annotations.create`, but written with direct statements in one
 * transaction, recorded in the history as one permanent entry rather than row by row.
 */
import type { Label } from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import { plural } from '../common/plural.js';
import { annotationRow, type AnnotationInput } from './annotations.js';
import { prepare } from './connection.js';
import { nowIso } from './ids.js';
import { listLabels } from './labels.js';
import type { Workspace } from './workspace.js';

/** One annotation to load: what `annotations.create` takes, plus its own id, author and times. */
export type BulkAnnotation = AnnotationInput;

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
  const labels = new Map<string, Label>(listLabels(workspace).map((l) => [l.id, l]));
  const where = options.where ?? ((i: number) => `annotation ${i}`);
  return workspace.bulkWrite(
    options.method ?? 'annotations.import',
    options.summary ?? `Imported ${plural(annotations.length, 'annotation')}`,
    (db) => {
      const insert = prepare(db, INSERT);
      const author = workspace.analyst;
      const now = nowIso();
      const ids: string[] = [];
      const documents = new Set<string>();
      for (const [index, a] of annotations.entries()) {
        const label = labels.get(a.labelId);
        if (!label) throw new ApiError('not_found', `${where(index)}: no label with id ${a.labelId}.`);
        const row = annotationRow(workspace, a, { author, now, label, where: () => where(index) });
        insert.run(row);
        const id = row.id;
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
