/**
 * Tagged datasets: export to and import from JSONL, W3C Web Annotation, brat standoff, CoNLL and
 * CSV, plus import from doccano, Label Studio and Prodigy. The file layouts, the offset
 * conventions and the CoNLL overlap policy are documented in docs/formats.md.
 *
 * Export: a snapshot of the workspace is read document by document (see snapshot.ts) and streamed
 * to temporary files that are renamed into place at the end, with a manifest; progress events
 * along the way, cancellation between documents. The same workspace gives byte-identical output
 * except for the manifest's `createdAt` (fixed by SOURCE_DATE_EPOCH or `TaskContext.now`).
 *
 * Import: the reader runs twice over the files, first checking (cancellable, with progress),
 * then writing everything in one transaction through `Workspace.bulkWrite`; a bad file imports
 * nothing (see import-sink.ts). A Triangulate export's manifest is verified first (each listed
 * file's size and SHA-256) and its counts after the checking pass; an empty file is refused.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportFormat, ImportFormat, ParsedParamsOf, ResultOf } from '../../common/contract.js';
import { ApiError, renamePath } from '../../common/errors.js';
import { plural } from '../../common/plural.js';
import { OffsetConverter } from '../../common/text.js';
import { nowIso } from '../ids.js';
import type { Workspace } from '../workspace.js';
import { checkExportTargets } from './export-targets.js';
import { bratExporter, bratIsOurs } from './formats/brat-export.js';
import { readBrat } from './formats/brat-import.js';
import type { ExportContext, FormatExporter } from './formats/common.js';
import { conllExporter, readConll } from './formats/conll.js';
import { csvExporter, readCsvDataset } from './formats/csv.js';
import { readDoccano } from './formats/doccano.js';
import { jsonlExporter, readJsonl } from './formats/jsonl.js';
import { readLabelStudio } from './formats/labelstudio.js';
import { readProdigy } from './formats/prodigy.js';
import { w3cExporter } from './formats/w3c-export.js';
import { readW3c } from './formats/w3c-import.js';
import { fingerprint, isBlank } from './input.js';
import { ImportSink } from './import-sink.js';
import type { ImportTotals } from './import-session.js';
import {
  ManifestFacts,
  exportTime,
  readManifest,
  tagsetOf,
  verifyManifestCounts,
  verifyManifestFiles,
  writeManifest,
  type Counted,
} from './manifest.js';
import { URN, claimsMatrixPath, excerpt, invalidFile, relationsCsvPath, type Manifest } from './model.js';
import { OutputSet } from './output.js';
import { Progress } from './progress.js';
import { isZipFile, unpackZip } from './zip-input.js';
import { ExportReader } from './snapshot.js';

export interface TaskContext {
  taskId: string;
  isCancelled: () => boolean;
  /** The time the manifest records (tests); otherwise SOURCE_DATE_EPOCH, otherwise the clock. */
  now?: Date | string;
}

/** Where an export's files go, for a given format and `--out` path (see docs/formats.md). */
export function exportPaths(format: ExportFormat, outPath: string): { data: string[]; manifest: string } {
  const out = path.resolve(outPath);
  switch (format) {
    case 'brat':
      return { data: [out], manifest: path.join(out, 'manifest.json') };
    case 'csv':
      return { data: [out, claimsMatrixPath(out), relationsCsvPath(out)], manifest: `${out}.manifest.json` };
    default:
      return { data: [out], manifest: `${out}.manifest.json` };
  }
}

function exporterFor(format: ExportFormat, ctx: ExportContext): FormatExporter {
  switch (format) {
    case 'jsonl':
      return jsonlExporter(ctx);
    case 'w3c':
      return w3cExporter(ctx);
    case 'brat':
      return bratExporter(ctx);
    case 'conll':
      return conllExporter(ctx);
    case 'csv':
      return csvExporter(ctx);
  }
}

/** The folder of an unpacked archive that holds the collection: its only folder, if that is all it has. */
function bratRoot(folder: string): string {
  const entries = fs.readdirSync(folder, { withFileTypes: true });
  const only = entries[0];
  return entries.length === 1 && only?.isDirectory() ? path.join(folder, only.name) : folder;
}

/**
 * The data file of an unpacked archive: the one a manifest describes (`NAME.manifest.json` beside
 * `NAME`), else the only file there is.
 * @throws ApiError `invalid_file` when the archive holds several candidates and no manifest
 */
function dataFileIn(folder: string, format: ImportFormat): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '__MACOSX') walk(full);
      else if (entry.isFile() && !entry.name.startsWith('.')) files.push(full);
    }
  };
  walk(folder);
  const described = files.filter((f) => f.endsWith('.manifest.json')).map((f) => f.slice(0, -'.manifest.json'.length));
  const data = described.filter((f) => files.includes(f));
  if (data.length === 1 && data[0]) return data[0];
  const plain = files.filter(
    (f) => !f.endsWith('.manifest.json') && !f.endsWith('.claims-matrix.csv') && !f.endsWith('.relations.csv'),
  );
  if (data.length === 0 && plain.length === 1 && plain[0]) return plain[0];
  throw new ApiError(
    'invalid_file',
    `${folder}: the archive holds ${plain.length === 0 ? 'no data file' : 'several files'}; expected one ${format} file, or an export with its manifest.`,
    { file: folder },
  );
}

/** What `exportDataset` needs: the method's params with the destination resolved to a path. */
export type ExportRequest = Omit<ParsedParamsOf<'datasets.export'>, 'outPath' | 'grant'> & { outPath: string };
/** What `importDataset` needs: the method's params with the source resolved to a path. */
export type ImportRequest = Omit<ParsedParamsOf<'datasets.import'>, 'path' | 'grant'> & { path: string };

/**
 * Refuses to write over anything that exists, unless the caller said `overwrite`: an existing
 * data file or manifest, or (brat) a folder with something in it.
 * @throws ApiError `conflict` naming the first target found, with `details.reason = 'exists'`
 */
function refuseExisting(format: ExportFormat, targets: { data: string[]; manifest: string }): void {
  const found = [...targets.data, targets.manifest].find((target) => {
    try {
      const stat = fs.statSync(target);
      return !stat.isDirectory() || fs.readdirSync(target).length > 0;
    } catch {
      return false;
    }
  });
  if (found === undefined) return;
  throw new ApiError(
    'conflict',
    `${found} already exists, and an export never replaces a file unless asked to: choose another name${
      format === 'brat' ? ' (an empty or new folder)' : ''
    }, or replace it (--force on the command line).`,
    { file: found, reason: 'exists' },
  );
}

/**
 * Writes a tagged dataset. See docs/formats.md for each format's layout.
 * @throws ApiError `not_found` for an unknown document or label filter, `conflict` when a brat
 *   folder would overwrite other files, `cancelled` when asked to stop (no file is left behind).
 */
export async function exportDataset(
  workspace: Workspace,
  params: ExportRequest,
  context: TaskContext,
): Promise<ResultOf<'datasets.export'>> {
  const format = params.format;
  const outPath = path.resolve(params.outPath);
  if (format !== 'brat' && fs.existsSync(outPath) && fs.statSync(outPath).isDirectory()) {
    throw new ApiError('invalid_params', `${outPath} is a folder; a ${format} export writes a file there.`, {
      field: 'outPath',
    });
  }
  const targets = exportPaths(format, outPath);
  checkExportTargets(workspace.path, [...targets.data, targets.manifest], format === 'brat' ? outPath : undefined);
  if (!params.overwrite) refuseExisting(format, targets);
  const scope = ExportReader.resolveScope(workspace, params);
  const createdAt = exportTime(context.now);
  const reader = ExportReader.open(workspace, scope);
  let outputs: OutputSet | null = null;
  try {
    const tagset = tagsetOf(reader.labels());
    const documents = reader.documents();
    const annotationCount = reader.countAnnotations();
    const progress = new Progress(workspace, 'export', context, annotationCount + documents.length);
    progress.report(`Exporting ${documents.length} documents as ${format}`);
    outputs = format === 'brat' ? OutputSet.folder(outPath, bratIsOurs) : OutputSet.files();
    const facts = new ManifestFacts();
    const datasetId =
      URN.dataset +
      crypto
        .createHash('sha256')
        .update(JSON.stringify([format, scope, documents.map((d) => d.content_hash)]))
        .digest('hex')
        .slice(0, 24);
    const ctx: ExportContext = {
      reader,
      outputs,
      outPath,
      tagset,
      labels: new Map(tagset.map((l) => [l.id, l])),
      facts,
      progress,
      datasetId,
    };
    const exporter = exporterFor(format, ctx);
    await exporter.begin();
    for (const meta of documents) {
      progress.checkCancelled();
      const text = reader.text(meta.id);
      const cp = new OffsetConverter(text);
      const annotations = reader.annotations(meta.id);
      const relations = reader.relations(meta.id);
      for (const a of annotations) facts.countAnnotation(ctx.labels.get(a.label_id)?.name ?? a.label_id);
      facts.documents.push({
        id: meta.id,
        title: meta.title,
        outlet: meta.outlet,
        publishedAt: meta.published_at,
        origin: meta.origin,
        contentHash: meta.content_hash,
        length: cp.codePointLength,
        metadata: JSON.parse(meta.metadata) as Record<string, unknown>,
        annotations: annotations.length,
      });
      await exporter.document({ meta, text, cp, annotations, relations });
      progress.advance(annotations.length + 1, () => `Exported ${meta.title}`);
      await progress.yield();
    }
    await exporter.end();
    const manifestOut = outputs.open(exporter.manifestTarget);
    const filters: Manifest['filters'] = {
      documentIds: scope.documentIds,
      labels: scope.labelIds ? tagset.map((l) => l.name) : null,
      status: scope.acceptedOnly ? 'accepted' : 'all',
    };
    await writeManifest(manifestOut, {
      reader,
      format,
      createdAt,
      filters,
      tagset,
      facts,
      progress,
      ...(exporter.manifestTexts ? { documentText: (id: string) => reader.text(id) } : {}),
    });
    await manifestOut.close();
    progress.checkCancelled();
    outputs.commit();
    progress.done = progress.total;
    progress.report('Done');
    const paths = exportPaths(format, outPath);
    return {
      format,
      outPath,
      files: [...paths.data, paths.manifest],
      documents: facts.documents.length,
      annotations: facts.annotations,
    };
  } catch (error) {
    await outputs?.abort();
    throw error;
  } finally {
    reader.close();
  }
}

/** A format reader: walks its files, feeding the sink; yields units of progress. */
type Reader = (sink: ImportSink) => Generator<number>;

/** The manifest of a Triangulate export being imported, and what of it can be checked. */
interface PlannedManifest {
  value: Manifest;
  file: string;
  /** The folder its `files` paths are relative to. */
  folder: string;
  /** The data files the import reads: each must be listed. */
  read: string[];
  /** The counts this format carries whole (the others are not compared). */
  counts: Counted[];
}

interface ImportPlan {
  read: Reader;
  /** Files whose fingerprint must not change between the two passes. */
  files: string[];
  /** Rough size of the work, for progress. */
  total: number;
  manifest: PlannedManifest | null;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out;
}

function sizeOf(files: string[]): number {
  return files.reduce((sum, f) => {
    try {
      return sum + fs.statSync(f).size;
    } catch {
      return sum;
    }
  }, 0);
}

/**
 * What each format carries whole, so that the import's totals must equal the manifest's counts.
 * CoNLL keeps documents only (a discontinuous annotation comes back as several, white-space
 * spans are omitted, relations are not carried); CSV keeps annotations and relations (a document
 * without annotations has no row).
 */
const CHECKED_COUNTS: Record<'jsonl' | 'w3c' | 'brat' | 'conll' | 'csv', Counted[]> = {
  jsonl: ['documents', 'annotations', 'relations', 'entities', 'claims'],
  w3c: ['documents', 'annotations', 'relations', 'entities', 'claims'],
  brat: ['documents', 'annotations', 'relations', 'entities', 'claims'],
  conll: ['documents'],
  csv: ['annotations', 'relations'],
};

/** The brat files an import reads, which a manifest must list. */
const BRAT_DATA = /\.(ann|txt)$|(^|[\\/])triangulate\.jsonl$/i;

function planImport(format: ImportFormat, file: string): ImportPlan {
  if (!fs.existsSync(file)) throw new ApiError('invalid_file', `${file} does not exist.`, { file });
  const isDir = fs.statSync(file).isDirectory();
  if (isDir && format !== 'brat') {
    throw new ApiError('invalid_file', `${file} is a folder; a ${format} import reads a file.`, { file });
  }
  const planned = (
    kind: keyof typeof CHECKED_COUNTS,
    manifestFile: string,
    folder: string,
    read: string[],
  ): PlannedManifest | null => {
    const value = readManifest(manifestFile);
    if (!value) return null;
    if (value.format !== undefined && value.format !== kind) {
      throw invalidFile(
        { file: manifestFile, field: 'format' },
        `this manifest describes a ${excerpt(value.format)} export; it was imported as ${kind}.`,
      );
    }
    return { value, file: manifestFile, folder, read, counts: CHECKED_COUNTS[kind] };
  };
  const sidecar = (kind: keyof typeof CHECKED_COUNTS) =>
    planned(kind, `${file}.manifest.json`, path.dirname(file), [file]);
  const single = (m: PlannedManifest | null, read: Reader): ImportPlan => {
    // An empty file is refused, unless the manifest lists it as it is (an export with nothing in it).
    if ((m === null || (m.value as Partial<Manifest>).files === undefined) && isBlank(file)) {
      throw invalidFile({ file }, `the file is empty; expected a ${format} dataset.`);
    }
    return { read, files: m ? [file, m.file] : [file], total: sizeOf([file]), manifest: m };
  };
  switch (format) {
    case 'jsonl': {
      const m = sidecar('jsonl');
      return single(m, (sink) => readJsonl(file, m?.value ?? null, sink));
    }
    case 'w3c': {
      const m = sidecar('w3c');
      return single(m, (sink) => readW3c(file, m?.value ?? null, sink));
    }
    case 'brat': {
      const files = isDir ? listFiles(file) : [file];
      if (isDir && !files.some((f) => /\.(ann|txt)$/i.test(f))) {
        throw invalidFile({ file }, 'the folder holds no brat files (.txt, .ann); expected a brat collection.');
      }
      const m = isDir
        ? planned(
            'brat',
            path.join(file, 'manifest.json'),
            file,
            files.filter((f) => BRAT_DATA.test(path.relative(file, f))),
          )
        : null;
      return { read: (sink) => readBrat(file, m?.value ?? null, sink), files, total: sizeOf(files), manifest: m };
    }
    case 'conll': {
      const m = sidecar('conll');
      return single(m, (sink) => readConll(file, m?.value ?? null, sink));
    }
    case 'csv': {
      // The relations table beside the annotations table is read too, and must be listed.
      const relations = relationsCsvPath(file);
      const beside = fs.existsSync(relations) ? [relations] : [];
      const m = planned('csv', `${file}.manifest.json`, path.dirname(file), [file, ...beside]);
      const plan = single(m, (sink) => readCsvDataset(file, m?.value ?? null, sink));
      return { ...plan, files: [...plan.files, ...beside], total: sizeOf([file, ...beside]) };
    }
    case 'doccano':
      return single(null, (sink) => readDoccano(file, sink));
    case 'labelstudio':
      return single(null, (sink) => readLabelStudio(file, sink));
    case 'prodigy':
      return single(null, (sink) => readProdigy(file, sink));
  }
}

/** What the checking pass counted of `key` (notes are not counted: the manifest carries them). */
function countOf(totals: ImportTotals, key: Counted): number | undefined {
  return key === 'notes' ? undefined : totals[key];
}

/**
 * Reads a tagged dataset into the workspace in one transaction.
 * @throws ApiError `invalid_file` (naming file, line and field), `invalid_range` (offsets that do
 *   not fit the text), `cancelled`; in each case nothing is imported.
 */
export async function importDataset(
  workspace: Workspace,
  params: ImportRequest,
  context: TaskContext,
): Promise<ResultOf<'datasets.import'>> {
  const given = path.resolve(params.path);
  if (isZipFile(given)) {
    // A dataset as one .zip (how a browser downloads an export with its manifest, or uploads a
    // brat folder): unpacked to a private folder under the archive limits, imported from there,
    // and removed whatever happens.
    const folder = unpackZip(given);
    try {
      const inner = params.format === 'brat' ? bratRoot(folder) : dataFileIn(folder, params.format);
      return await importDataset(workspace, { ...params, path: inner }, context);
    } catch (error) {
      // Name the archive and the entry, not the private folder it was unpacked into.
      throw error instanceof ApiError
        ? ApiError.fromPayload(renamePath(error.toJSON(), folder, path.basename(given)))
        : error;
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }
  const file = given;
  const plan = planImport(params.format, file);
  const before = plan.files.map(fingerprint);
  // A Triangulate export is checked against its manifest before a record is read.
  const manifest = plan.manifest;
  if (manifest) verifyManifestFiles(manifest.value, manifest.file, manifest.folder, manifest.read);
  const progress = new Progress(workspace, 'import', context, 0);
  progress.report(`Checking ${path.basename(file)}`);

  // Pass 1: check everything, yielding between records.
  const checker = new ImportSink(workspace.db, 'check', { now: nowIso(), author: workspace.analyst });
  let steps = 0;
  let lastYield = Date.now();
  // The size of the work is unknown until the file has been read once: total 0 (indeterminate).
  for (const units of plan.read(checker)) {
    steps += units;
    progress.done = steps;
    progress.advance(0, () => `Checked ${steps.toLocaleString('en')} records`);
    if (Date.now() - lastYield > 50) {
      await progress.yield();
      lastYield = Date.now();
    }
  }
  checker.finish();
  await progress.yield();
  const planned = checker.totals();
  if (manifest) {
    verifyManifestCounts(
      manifest.value,
      manifest.file,
      Object.fromEntries(manifest.counts.map((key) => [key, countOf(planned, key)])),
    );
  }

  // Pass 2: write, in one transaction.
  progress.checkCancelled();
  if (plan.files.map(fingerprint).join('|') !== before.join('|')) {
    throw new ApiError(
      'invalid_file',
      `${path.basename(file)} changed while it was being imported; nothing was imported.`,
      {
        file,
      },
    );
  }
  const summary = `Imported ${params.format} dataset ${path.basename(file)}: ${plural(planned.documents, 'document')}, ${plural(planned.annotations, 'annotation')}`;
  const totals = workspace.bulkWrite<ImportTotals>('datasets.import', summary, (db) => {
    const writer = new ImportSink(db, 'write', { now: nowIso(), author: workspace.analyst });
    let written = 0;
    progress.total = steps;
    progress.done = 0;
    for (const units of plan.read(writer)) {
      written += units;
      progress.done = written;
      progress.advance(0, () => `Wrote ${written.toLocaleString('en')} records`);
    }
    writer.finish();
    return { result: writer.totals(), records: writer.changedRecords() };
  });
  progress.done = progress.total;
  progress.report('Done');
  return totals;
}
