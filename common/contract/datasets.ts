/**
 * The `datasets.*` methods of the API contract: exporting the workspace's annotations as a tagged
 * dataset and importing one, with the formats each direction supports. Their results travel back
 * from whichever machine holds the workspace, so both have runtime schemas,
 * {@link datasetExportResult} and {@link datasetImportResult}.
 */
import { z } from 'zod';
import { fileGrant, id, methodWithResult, taskId } from './schema.js';

/** The formats `datasets.export` writes (see docs/formats.md). */
export const EXPORT_FORMATS = ['jsonl', 'w3c', 'brat', 'conll', 'csv'] as const;
/** One format `datasets.export` writes. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The formats `datasets.import` reads: every export format plus doccano, Label Studio and Prodigy. */
export const IMPORT_FORMATS = ['jsonl', 'w3c', 'brat', 'conll', 'csv', 'doccano', 'labelstudio', 'prodigy'] as const;
/** One format `datasets.import` reads. */
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const count = z.number().int().min(0);

/** The result of `datasets.export`: where the files went and how much they hold. */
export const datasetExportResult = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  outPath: z.string(),
  /** The paths written, absolute: the data file(s) (for brat, the folder), then the manifest. */
  files: z.array(z.string()),
  documents: count,
  annotations: count,
});

/** The result of `datasets.import`: how many records of each kind were written. */
export const datasetImportResult = z.strictObject({
  documents: count,
  annotations: count,
  entities: count,
  claims: count,
  relations: count,
});

/** The `datasets.*` methods: wire name → params schema, description and result type. */
export const datasetMethods = {
  'datasets.export': methodWithResult(datasetExportResult)(
    z
      .strictObject({
        format: z.enum(EXPORT_FORMATS),
        /** Where to write, on the workspace's machine (command line; relative = beside the workspace). */
        outPath: z.string().min(1).optional(),
        /** Where to write, as the person chose it in the workbench (a save dialog or a download). */
        grant: fileGrant.optional(),
        /** Replace an existing file (or earlier brat export). Without it an existing target is refused. */
        overwrite: z.boolean().optional(),
        documentIds: z.array(id).optional(),
        labels: z.array(z.string().min(1)).optional(),
        status: z.enum(['accepted', 'all']).optional(),
        taskId: taskId.optional(),
      })
      .refine((p) => (p.outPath === undefined) !== (p.grant === undefined), {
        message: 'give exactly one of outPath (a path) or grant (a file chosen in the workbench)',
        path: ['outPath'],
      }),
    'Writes a tagged dataset (brat: a folder; others: a file), with a manifest; never over an existing file unless `overwrite`.',
  ),
  'datasets.import': methodWithResult(datasetImportResult)(
    z
      .strictObject({
        format: z.enum(IMPORT_FORMATS),
        /** The file (brat: a folder or a .zip of one) on the workspace's machine (command line). */
        path: z.string().min(1).optional(),
        /** The file as the person chose it in the workbench (an open dialog or an upload). */
        grant: fileGrant.optional(),
        taskId: taskId.optional(),
      })
      .refine((p) => (p.path === undefined) !== (p.grant === undefined), {
        message: 'give exactly one of path or grant (a file chosen in the workbench)',
        path: ['path'],
      }),
    'Reads a tagged dataset into the workspace in one transaction; a bad file imports nothing.',
  ),
};
