/**
 * Which files each kind of import takes, by extension: the desktop's open dialogs filter on these
 * and the browser's file chooser offers them (`accept`). A .zip is offered for every dataset
 * format: it is how an export travels with its manifest, and how a brat folder fits in one file.
 */
import type { ExportFormat, ImportFormat } from './contract/datasets.js';

/** Articles `documents.import` reads. */
export const DOCUMENT_EXTENSIONS = ['txt', 'text', 'md', 'markdown', 'html', 'htm'] as const;

/** The files a dataset of each format comes in. */
export const DATASET_EXTENSIONS: Record<ImportFormat, readonly string[]> = {
  jsonl: ['jsonl', 'json', 'zip'],
  w3c: ['jsonld', 'json', 'zip'],
  brat: ['zip', 'ann', 'txt'],
  conll: ['conll', 'conllu', 'tsv', 'txt', 'zip'],
  csv: ['csv', 'zip'],
  doccano: ['jsonl', 'json', 'zip'],
  labelstudio: ['json', 'zip'],
  prodigy: ['jsonl', 'zip'],
};

/** The extension an export of each format gets ('' for brat, which writes a folder). */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  jsonl: '.jsonl',
  w3c: '.jsonld',
  brat: '',
  conll: '.conll',
  csv: '.csv',
};

/** The extension of the comparison report (`reports.export`). */
export const REPORT_EXTENSION = '.html';

/** The name suggested for a report made on `date` (`YYYY-MM-DD…`): `triangulate-report-YYYY-MM-DD.html`. */
export function reportFileName(date: string): string {
  return `triangulate-report-${date.slice(0, 10)}${REPORT_EXTENSION}`;
}

/** The `accept` attribute of a file input for a set of extensions. */
export function acceptList(extensions: readonly string[]): string {
  return extensions.map((e) => `.${e}`).join(',');
}
