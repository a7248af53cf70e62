/**
 * Writing the comparison report (`reports.export`): the cross-article views of the workspace
 * (`claims.matrix`, `sources.chains` per claim, `entities.index`, the documents) read in one
 * read transaction, turned into one HTML string by common/report/report-html.ts, and written the
 * way a dataset export is (../datasets/output.ts): to a temporary file beside the destination,
 * renamed into place at the end, so a failed report leaves nothing behind. Never onto the
 * workspace or its side files, never into something that is not a regular file, never over an
 * existing file unless `overwrite`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedParamsOf, ResultOf } from '../../common/contract.js';
import type { EntityIndexEntry, SourceChains } from '../../common/domain.js';
import { ApiError } from '../../common/errors.js';
import { buildReportHtml, type ReportData } from '../../common/report/report-html.js';
import { APP_VERSION } from '../../common/version.js';
import { claimMatrix } from '../claim-matrix.js';
import { listDocuments } from '../documents.js';
import { entityIndex } from '../entity-index.js';
import { checkExportTargets } from '../datasets/export-targets.js';
import { exportTime } from '../datasets/manifest.js';
import { OutputSet } from '../datasets/output.js';
import { sourceChains } from '../source-chains.js';
import type { Workspace } from '../workspace.js';

/** What {@link exportReport} needs: the method's params with the destination resolved to a path. */
export type ReportRequest = Omit<ParsedParamsOf<'reports.export'>, 'outPath' | 'grant'> & { outPath: string };

/** The title a report gets when none is given. */
export const DEFAULT_REPORT_TITLE = 'Comparison report';

/**
 * The entity index limited to some documents: each entity's documents outside them dropped, its
 * count recomputed, entities left with no mention dropped, most mentioned first, then by name.
 */
function entitiesIn(entries: readonly EntityIndexEntry[], documentIds: ReadonlySet<string>): EntityIndexEntry[] {
  return entries
    .map((entry) => {
      const documents = entry.documents.filter((d) => documentIds.has(d.documentId));
      return { ...entry, documents, mentionCount: documents.reduce((n, d) => n + d.count, 0) };
    })
    .filter((entry) => entry.mentionCount > 0)
    .sort(
      (a, b) =>
        b.mentionCount - a.mentionCount || (a.entity.name < b.entity.name ? -1 : a.entity.name > b.entity.name ? 1 : 0),
    );
}

/**
 * Everything the report shows, read in one read transaction (a consistent snapshot).
 * @throws ApiError `not_found` for an unknown document or claim id
 */
export function reportData(ws: Workspace, params: Omit<ReportRequest, 'outPath'>, now?: Date | string): ReportData {
  const read = ws.db.transaction((): ReportData => {
    const matrix = claimMatrix(ws, {
      ...(params.documentIds ? { documentIds: params.documentIds } : {}),
      ...(params.claimIds ? { claimIds: params.claimIds } : {}),
    });
    const summaries = new Map(listDocuments(ws).map((d) => [d.id, d]));
    const documents = matrix.columns.map((c) => ({
      id: c.documentId,
      title: c.title,
      outlet: c.outlet,
      publishedAt: c.publishedAt,
      origin: summaries.get(c.documentId)?.origin ?? null,
      reviewed: c.reviewed,
    }));
    const inReport = new Set(documents.map((d) => d.id));
    const chains: Record<string, SourceChains[]> = {};
    for (const row of matrix.rows) {
      chains[row.claim.id] = sourceChains(ws, { claimId: row.claim.id }).filter((c) =>
        inReport.has(c.mention.documentId),
      );
    }
    return {
      title: params.title ?? DEFAULT_REPORT_TITLE,
      documents,
      matrix,
      chains,
      entities: entitiesIn(entityIndex(ws, {}), inReport),
      generatedAt: exportTime(now),
      version: APP_VERSION,
    };
  });
  return read.deferred();
}

/**
 * Writes the comparison report to `params.outPath`.
 * @throws ApiError `not_found` (an unknown document or claim), `conflict` with `reason: 'exists'`
 *   (the file exists and `overwrite` was not given), `invalid_params` (the workspace itself, a
 *   folder or another non-file as the target; a place that cannot be written)
 */
export async function exportReport(
  ws: Workspace,
  params: ReportRequest,
  context: { now?: Date | string } = {},
): Promise<ResultOf<'reports.export'>> {
  const outPath = path.resolve(params.outPath);
  if (fs.existsSync(outPath) && fs.statSync(outPath).isDirectory()) {
    throw new ApiError('invalid_params', `${outPath} is a folder; a report is one .html file.`, { field: 'outPath' });
  }
  checkExportTargets(ws.path, [outPath]);
  if (!params.overwrite && fs.existsSync(outPath)) {
    throw new ApiError(
      'conflict',
      `${outPath} already exists, and a report never replaces a file unless asked to: choose another name, or replace it (--force on the command line).`,
      { file: outPath, reason: 'exists' },
    );
  }
  const data = reportData(ws, params, context.now);
  const outputs = OutputSet.files();
  try {
    const file = outputs.open(outPath);
    file.write(buildReportHtml(data));
    const { bytes } = await file.close();
    outputs.commit();
    return { outPath, bytes, documents: data.documents.length, claims: data.matrix.rows.length };
  } catch (error) {
    await outputs.abort();
    throw error;
  }
}
