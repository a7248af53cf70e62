/**
 * The `reports.*` methods of the API contract: the comparison report, one self-contained HTML
 * file (it prints to PDF) with the corpus, the claims × outlets matrix, each claim's evidence
 * with its sources, the charts and the entity index (docs/report.md). It leaves the workspace the
 * way a dataset does: to a path (command line) or to a place the person chose (a grant).
 */
import { z } from 'zod';
import { fileGrant, id, methodWithResult } from './schema.js';

const count = z.number().int().min(0);

/** The result of `reports.export`: where the report went, its size and what it covers. */
export const reportExportResult = z.strictObject({
  /** The file written (absolute on the command line; the name the person chose in the workbench). */
  outPath: z.string(),
  bytes: count,
  documents: count,
  claims: count,
});

/** The `reports.*` methods: wire name → params schema, description and result type. */
export const reportMethods = {
  'reports.export': methodWithResult(reportExportResult)(
    z
      .strictObject({
        /** Where to write, on the workspace's machine (command line; relative = beside the workspace). */
        outPath: z.string().min(1).optional(),
        /** Where to write, as the person chose it in the workbench (a save dialog or a download). */
        grant: fileGrant.optional(),
        /** Replace an existing file. Without it an existing target is refused (`conflict`). */
        overwrite: z.boolean().optional(),
        /** The articles (default: every article), shown in publication order. */
        documentIds: z.array(id).max(10000).optional(),
        /** The claims (default: every claim these articles mention). */
        claimIds: z.array(id).max(10000).optional(),
        /** The report's heading (default: "Comparison report"). */
        title: z.string().trim().min(1).max(300).optional(),
      })
      .refine((p) => (p.outPath === undefined) !== (p.grant === undefined), {
        message: 'give exactly one of outPath (a path) or grant (a file chosen in the workbench)',
        path: ['outPath'],
      }),
    'Writes the comparison report: one self-contained HTML file (no scripts, no external resources; prints to PDF) with the corpus, the claims × outlets matrix, each claim’s evidence quotes per outlet with their sources and citation chains, the charts with their numbers, and the entity index; never over an existing file unless `overwrite`.',
  ),
};
