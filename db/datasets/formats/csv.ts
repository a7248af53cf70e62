/**
 * CSV (RFC 4180: comma-separated, `"`-quoted where needed, CRLF line ends, UTF-8 without BOM).
 *
 * `PATH` is the annotations table, one row per annotation: ids, document title, outlet and date,
 * label and kind, `start`/`end` (code points), `fragments` (`start-end;start-end`), the quoted
 * text, status, author, entity and claim (id and name), one `attr:NAME` column per attribute
 * name in use, note, timestamps. `PATH` with `.csv` replaced by `.relations.csv` is the relations
 * table, one row per relation: id, type, each end's annotation, document and text, one
 * `attr:NAME` column per relation attribute in use (an attributed source's `stance` and `cue`),
 * note, author, time. `PATH` with `.csv` replaced by `.claims-matrix.csv` is the claims ×
 * documents matrix: one row per claim, one column per document (headed `OUTLET (DOCUMENT ID)`,
 * the title standing in for a missing outlet), each cell the stances of the claim's mentions in
 * that document (`|`-separated; `mentioned` when a mention has no stance).
 *
 * Import reads the annotations table back onto documents the workspace already holds (a CSV does
 * not carry texts), checking each row's text against the document, then the relations table
 * when it is there; the matrix is derived data and is not read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CLAIM_STANCES } from '../../../common/domain.js';
import type { ImportSink } from '../import-sink.js';
import { csvField, readCsv } from '../input.js';
import {
  asRelationType,
  claimsMatrixPath,
  excerpt,
  invalidFile,
  relationsCsvPath,
  type Manifest,
  type Where,
} from '../model.js';
import type { OutputFile } from '../output.js';
import { decodeFragments } from '../../rows.js';
import {
  applyManifest,
  canonicalFragments,
  checkQuote,
  closeInto,
  codePointFragment,
  sourceDocument,
  type ExportContext,
  type ExportDocument,
  type FormatExporter,
  type SourceText,
} from './common.js';

const FIXED = [
  'annotation_id',
  'document_id',
  'document_title',
  'outlet',
  'published_at',
  'label',
  'kind',
  'start',
  'end',
  'fragments',
  'text',
  'status',
  'author',
  'entity_id',
  'entity_name',
  'claim_id',
  'claim_summary',
] as const;
const TRAILING = ['note', 'created_at', 'updated_at'] as const;
const RELATION_FIXED = [
  'relation_id',
  'type',
  'head_annotation_id',
  'head_document_id',
  'head_text',
  'child_annotation_id',
  'child_document_id',
  'child_text',
] as const;
const RELATION_TRAILING = ['note', 'author', 'created_at'] as const;
const ATTR = 'attr:';
const FRAGMENT_JOIN = ' … ';

function row(values: Array<string | number | null | undefined>): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** A matrix column's heading: the document's outlet (else its title) and its id, `RT (doc_…)`. */
function columnHeading(doc: ExportDocument['meta']): string {
  return `${doc.outlet?.trim() || doc.title} (${doc.id})`;
}

export function csvExporter(ctx: ExportContext): FormatExporter {
  let out: OutputFile;
  let relationsOut: OutputFile;
  let attributeNames: string[] = [];
  let relationAttributeNames: string[] = [];
  const documentIds: string[] = [];
  const columns: string[] = [];
  const relationsPath = relationsCsvPath(ctx.outPath);
  return {
    manifestTarget: `${ctx.outPath}.manifest.json`,
    begin: async () => {
      attributeNames = ctx.reader.attributeNames();
      relationAttributeNames = ctx.reader.relationAttributeNames();
      out = ctx.outputs.open(ctx.outPath);
      out.write(row([...FIXED, ...attributeNames.map((n) => ATTR + n), ...TRAILING]));
      relationsOut = ctx.outputs.open(relationsPath);
      relationsOut.write(
        row([...RELATION_FIXED, ...relationAttributeNames.map((n) => ATTR + n), ...RELATION_TRAILING]),
      );
    },
    document: async (doc) => {
      documentIds.push(doc.meta.id);
      columns.push(columnHeading(doc.meta));
      for (const r of doc.relations) {
        const attributes = JSON.parse(r.attributes) as Record<string, string>;
        relationsOut.write(
          row([
            r.id,
            r.type,
            r.from_id,
            doc.meta.id,
            r.from_quote,
            r.to_id,
            r.to_document_id,
            r.to_quote,
            ...relationAttributeNames.map((n) => attributes[n] ?? ''),
            r.note,
            r.author,
            r.created_at,
          ]),
        );
      }
      ctx.facts.relations += doc.relations.length;
      await relationsOut.pump();
      const cp = (offset: number) => doc.cp.toCodePoint(offset);
      for (const a of doc.annotations) {
        const label = ctx.labels.get(a.label_id);
        const fragments = decodeFragments(a.fragments);
        const attributes = JSON.parse(a.attributes) as Record<string, string>;
        out.write(
          row([
            a.id,
            doc.meta.id,
            doc.meta.title,
            doc.meta.outlet,
            doc.meta.published_at,
            label?.name ?? a.label_id,
            label?.kind ?? '',
            cp(a.start_offset),
            cp(a.end_offset),
            fragments.map((f) => `${cp(f.start)}-${cp(f.end)}`).join(';'),
            fragments.map((f) => doc.text.slice(f.start, f.end)).join(FRAGMENT_JOIN),
            a.status,
            a.author,
            a.entity_id,
            a.entity_name,
            a.claim_id,
            a.claim_summary,
            ...attributeNames.map((n) => attributes[n] ?? ''),
            a.note,
            a.created_at,
            a.updated_at,
          ]),
        );
      }
      await out.pump();
    },
    end: async () => {
      await closeInto(ctx.facts, out, path.basename(ctx.outPath));
      const matrixPath = claimsMatrixPath(ctx.outPath);
      const matrix = ctx.outputs.open(matrixPath);
      matrix.write(row(['claim_id', 'claim_summary', ...columns]));
      const rank = (stance: string) => {
        const i = (CLAIM_STANCES as readonly string[]).indexOf(stance);
        return i < 0 ? CLAIM_STANCES.length : i;
      };
      let after = '';
      for (;;) {
        const claims = ctx.reader.claimPage(after);
        if (claims.length === 0) break;
        for (const claim of claims) {
          const cells = new Map<string, Set<string>>();
          for (const mention of ctx.reader.claimMentions(claim.id)) {
            const stance = (JSON.parse(mention.attributes) as Record<string, string>).stance ?? 'mentioned';
            let set = cells.get(mention.document_id);
            if (!set) cells.set(mention.document_id, (set = new Set()));
            set.add(stance);
          }
          matrix.write(
            row([
              claim.id,
              claim.summary,
              ...documentIds.map((id) =>
                [...(cells.get(id) ?? [])].sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0)).join('|'),
              ),
            ]),
          );
        }
        after = (claims[claims.length - 1] as { id: string }).id;
        await matrix.pump();
        await ctx.progress.yield();
      }
      await closeInto(ctx.facts, matrix, path.basename(matrixPath));
      await closeInto(ctx.facts, relationsOut, path.basename(relationsPath));
    },
  };
}

/** One row of a CSV table: where it is, its fields by column name, and the columns. */
interface CsvRecord {
  where: Where;
  get: (name: string) => string | undefined;
  fields: string[];
  columns: ReadonlyMap<string, number>;
}

/**
 * The rows of a CSV table whose first row names its columns.
 * @throws ApiError `invalid_file` for a column named twice, a `required` column missing, a row
 *   whose number of fields differs from the header's (a row cut short), or no header at all.
 */
function* csvRecords(file: string, required: readonly string[], rows: string): Generator<CsvRecord> {
  let header: string[] | null = null;
  const columns = new Map<string, number>();
  for (const { fields, line } of readCsv(file)) {
    if (!header) {
      header = fields.map((f) => f.trim());
      for (const [i, name] of header.entries()) {
        if (columns.has(name)) {
          throw invalidFile(
            { file, line, field: name },
            `the header names the column ${excerpt(name)} twice (columns ${(columns.get(name) as number) + 1} and ${i + 1}); expected each column once.`,
          );
        }
        columns.set(name, i);
      }
      for (const name of required) {
        if (!columns.has(name)) {
          throw invalidFile({ file, line, field: name }, `expected a column named "${name}" in the header.`);
        }
      }
      continue;
    }
    const where: Where = { file, line };
    if (fields.length !== header.length) {
      throw invalidFile(
        where,
        `the row has ${fields.length} field(s) but the header has ${header.length}; expected one field per column (is the file cut short?).`,
      );
    }
    const get = (name: string): string | undefined => {
      const i = columns.get(name);
      return i === undefined ? undefined : fields[i];
    };
    yield { where, get, fields, columns };
  }
  if (!header) throw invalidFile({ file }, `is empty; expected a header row and ${rows}.`);
}

/** The `attr:NAME` columns of a row that hold a value, as an attribute map. */
function attributesOf({ fields, columns }: CsvRecord): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, i] of columns) {
    if (name.startsWith(ATTR) && fields[i]) attributes[name.slice(ATTR.length)] = fields[i] as string;
  }
  return attributes;
}

/**
 * Imports a CSV export onto the workspace's documents: the annotations table, then the relations
 * table beside it (`NAME.relations.csv`) when there is one.
 */
export function* readCsvDataset(file: string, manifest: Manifest | null, sink: ImportSink): Generator<number> {
  if (manifest) applyManifest(sink, manifest, `${file}.manifest.json`);
  const sources = new Map<string, SourceText>();
  for (const record of csvRecords(file, ['document_id', 'label', 'start', 'end'], 'annotation rows')) {
    const { where, get } = record;
    const w = (field: string): Where => ({ ...where, field });
    const documentId = get('document_id') ?? '';
    let source = sources.get(documentId);
    if (!source) {
      const found = sink.findDocument(documentId);
      if (!found) {
        throw invalidFile(
          w('document_id'),
          `no document ${excerpt(documentId)} in this workspace; a CSV does not carry texts, so import its documents first.`,
        );
      }
      source = sourceDocument(sink, found.text, w('document_id'), {});
      sources.clear();
      sources.set(documentId, source);
    }
    const number = (name: string): number => {
      const value = get(name) ?? '';
      if (!/^\d+$/.test(value)) throw invalidFile(w(name), `expected a whole number, found ${excerpt(value)}.`);
      return Number(value);
    };
    const fragmentsText = get('fragments');
    const start = number('start');
    const end = number('end');
    const pairs = fragmentsText
      ? fragmentsText.split(';').map((pair) => {
          const m = /^(\d+)-(\d+)$/.exec(pair.trim());
          if (!m) throw invalidFile(w('fragments'), `expected "start-end;start-end", found ${excerpt(fragmentsText)}.`);
          return [Number(m[1]), Number(m[2])] as const;
        })
      : [[start, end] as const];
    // start/end are the extent of the fragments: a row whose columns disagree is refused, not guessed.
    const extent = [Math.min(...pairs.map((p) => p[0])), Math.max(...pairs.map((p) => p[1]))] as const;
    if (extent[0] !== start || extent[1] !== end) {
      throw invalidFile(
        w(extent[0] !== start ? 'start' : 'end'),
        `start and end are ${start}-${end} but the fragments ${excerpt(fragmentsText)} span ${extent[0]}-${extent[1]}; expected start and end to be the extent of the fragments.`,
      );
    }
    const raw = pairs.map(([s, e], k) =>
      codePointFragment(source, s, e, fragmentsText ? w(`fragments[${k}]`) : w('start')),
    );
    const text = get('text');
    checkQuote(source, raw, text === undefined || text === '' ? undefined : text, w('text'), FRAGMENT_JOIN);
    const optional = optionalOf(get);
    const id = optional('annotation_id');
    sink.annotation({
      where,
      ...(id ? { id } : {}),
      documentId: source.docId,
      text: source.canonical.text,
      label: get('label') ?? '',
      fragments: canonicalFragments(source, raw, where),
      attributes: attributesOf(record),
      ...(optional('status') ? { status: optional('status') as string } : {}),
      ...(optional('author') ? { author: optional('author') as string } : {}),
      note: get('note') ?? '',
      entityId: optional('entity_id') ?? null,
      claimId: optional('claim_id') ?? null,
      ...(optional('created_at') ? { createdAt: optional('created_at') as string } : {}),
      ...(optional('updated_at') ? { updatedAt: optional('updated_at') as string } : {}),
    });
    yield 1;
  }
  const relations = relationsCsvPath(file);
  if (!fs.existsSync(relations)) return;
  for (const record of csvRecords(relations, ['head_annotation_id', 'child_annotation_id', 'type'], 'relation rows')) {
    const { where, get } = record;
    const optional = optionalOf(get);
    const type = get('type') ?? '';
    sink.relation({
      where,
      ...(optional('relation_id') ? { id: optional('relation_id') as string } : {}),
      fromId: get('head_annotation_id') ?? '',
      toId: get('child_annotation_id') ?? '',
      type: asRelationType(type),
      attributes: attributesOf(record),
      note: get('note') ?? '',
      ...(optional('author') ? { author: optional('author') as string } : {}),
      ...(optional('created_at') ? { createdAt: optional('created_at') as string } : {}),
    });
    yield 1;
  }
}

/** A row's value of a column, or undefined when the column is missing or the field empty. */
function optionalOf(get: (name: string) => string | undefined): (name: string) => string | undefined {
  return (name) => {
    const value = get(name);
    return value === undefined || value === '' ? undefined : value;
  };
}
