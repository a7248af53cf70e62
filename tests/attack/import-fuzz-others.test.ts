/**
 * A generated malformed-import corpus for the JSON formats other than JSONL ("Trust" issue): W3C
 * Web Annotation (the app's own export, as a collection and one annotation per line, with its
 * manifest removed, resealed or left stale), and doccano, Prodigy and Label Studio files made
 * from the app's JSONL export (its `label` list is doccano's, its `spans` Prodigy's). Each is
 * damaged the ways broken or hostile files are: cut at a random byte, invalid UTF-8 and raw lone
 * surrogates, lone surrogate escapes, byte-order marks, other line ends, NUL bytes, nesting too
 * deep, values of the wrong type, keys missing, records repeated, offsets swapped, negative, not
 * whole numbers, out of the text or counted in UTF-16, quotes that differ from the text, fields
 * over the API's limits, hundreds of new labels, impossible dates, references to missing
 * annotations. Each case runs through the harness's check (see fuzz-harness.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe } from 'vitest';
import type { ImportFormat } from '../../common/contract.js';
import { OffsetConverter } from '../../common/text.js';
import {
  BAD_TIMESTAMPS,
  BOM,
  EITHER,
  INVALID_UTF8,
  REFUSED,
  WTF8_SURROGATES,
  corpusFixture,
  corpusTest,
  ifImported,
  insertBytes,
  joinLines,
  manifestCase,
  pristineSnapshots,
  reseal,
  withDocuments,
  type Counts,
  type Expect,
  type FuzzTarget,
  type LineEnds,
  type ManifestMode,
  type Rng,
  type Snapshots,
} from './fuzz-harness.js';

const SEED = 0x07e5;
const CASES: Record<Format, number> = { w3c: 500, doccano: 250, prodigy: 250, labelstudio: 250 };

type Format = Extract<ImportFormat, 'w3c' | 'doccano' | 'prodigy' | 'labelstudio'>;
type Json = Record<string, unknown>;

/** A JSONL export line: a document with its spans and relations. */
interface Exported {
  text: string;
  title: string;
  spans: Array<{ id: string; start: number; end: number; label: string; text: string }>;
  relations: Array<{ id: string; head: string; child: string; type: string }>;
}

/** One format's pristine corpus: its records, how they are written, and what they hold. */
interface Corpus {
  format: Format;
  /** The records (W3C: annotations, with the collection's first and last lines around them). */
  records: Json[];
  /** The file for these records. */
  write(records: readonly Json[]): string;
  /** W3C only: the manifest (with the document texts). */
  manifest?: string;
  name: string;
  pristine: Counts;
  snapshots: Snapshots;
  target: FuzzTarget;
  /** True when the workspace does not hold the documents before the import. */
  fresh: boolean;
}

interface Context {
  corpus: Corpus;
  rng: Rng;
  mode: ManifestMode;
  /** A deep copy of the records, to change. */
  records: Json[];
  /** The file with `records`. */
  file(): string;
  /** A random record's index. */
  record(): number;
}

interface Made {
  data: Buffer | string;
  expect: Expect;
}

const clone = <T>(value: T): T => structuredClone(value);
const cpSlice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');
const same = (ctx: Context): Expect => ({ outcome: 'imported', counts: ctx.corpus.pristine, same: true });
const sameIfImported = (ctx: Context): Expect => ({ ...ifImported(ctx.corpus.pristine), same: true });

/** Where each leaf (string, number, boolean, null) of a JSON value is: the container and key. */
function leaves(value: unknown): Array<{ parent: Json | unknown[]; key: string | number }> {
  const out: Array<{ parent: Json | unknown[]; key: string | number }> = [];
  const walk = (v: unknown) => {
    const entries: Array<[string | number, unknown]> = Array.isArray(v)
      ? v.map((x, i) => [i, x])
      : typeof v === 'object' && v !== null
        ? Object.entries(v)
        : [];
    for (const [key, x] of entries) {
      if (typeof x === 'object' && x !== null) walk(x);
      else out.push({ parent: v as Json | unknown[], key });
    }
  };
  walk(value);
  return out;
}

const setAt = (at: { parent: Json | unknown[]; key: string | number }, value: unknown) => {
  (at.parent as Record<string | number, unknown>)[at.key] = value;
};

/** The targets of W3C annotations that are objects (a link's target is a URI). */
const objectTargets = (records: readonly Json[]): Json[] =>
  records.flatMap((r) => [r.target].flat()).filter((t): t is Json => typeof t === 'object' && t !== null);
const selectorsOf = (target: Json) => target.selector as Json[];

/** The span objects of a record, whatever the format calls them. */
function spansOf(format: Format, record: Json): Json[] {
  if (format === 'doccano') return (record.entities ?? []) as Json[];
  if (format === 'prodigy') return (record.spans ?? []) as Json[];
  if (format === 'labelstudio') {
    const results = ((record.annotations as Json[])[0]!.result ?? []) as Json[];
    return results.filter((r) => r.type === 'labels').map((r) => r.value as Json);
  }
  const targets = record.target;
  return (Array.isArray(targets) ? targets : [targets])
    .filter((t): t is Json => typeof t === 'object' && t !== null)
    .flatMap((t) => ((t.selector ?? []) as Json[]).filter((s) => s.type === 'TextPositionSelector'));
}

/** The names of a span's start and end (doccano's relation variant: start_offset/end_offset). */
const offsetKeys = (format: Format): [string, string] =>
  format === 'doccano' ? ['start_offset', 'end_offset'] : ['start', 'end'];

// ---------------------------------------------------------------------------------------------
// Mutations every format gets

const COMMON: Record<string, (ctx: Context) => Made> = {
  none: (ctx) => ({ data: ctx.file(), expect: same(ctx) }),
  cutAtByte: (ctx) => {
    const bytes = Buffer.from(ctx.file());
    return { data: bytes.subarray(0, 1 + ctx.rng.int(bytes.length - 1)), expect: EITHER };
  },
  invalidUtf8: (ctx) => {
    const bytes = Buffer.from(ctx.file());
    return { data: insertBytes(bytes, ctx.rng.int(bytes.length + 1), ctx.rng.pick(INVALID_UTF8)), expect: REFUSED };
  },
  rawSurrogate: (ctx) => {
    const bytes = Buffer.from(ctx.file());
    return { data: insertBytes(bytes, ctx.rng.int(bytes.length + 1), ctx.rng.pick(WTF8_SURROGATES)), expect: REFUSED };
  },
  surrogateEscape: (ctx) => {
    const strings = leaves(ctx.records).filter((at) => typeof (at.parent as Json)[at.key as string] === 'string');
    const at = ctx.rng.pick(strings);
    const text = (at.parent as Record<string | number, string>)[at.key] as string;
    const k = ctx.rng.int(text.length + 1);
    setAt(at, `${text.slice(0, k)}@@SURROGATE@@${text.slice(k)}`);
    const escape = ctx.rng.pick(['\\ud800', '\\uDBFF', '\\udc00', '\\uDFFF', '\\ud83d\\ud83d']);
    return { data: ctx.file().replace('@@SURROGATE@@', escape), expect: REFUSED };
  },
  bom: (ctx) => ({ data: Buffer.concat([BOM, Buffer.from(ctx.file())]), expect: same(ctx) }),
  lineEnds: (ctx) => {
    const lines = ctx.file().replace(/\n$/, '').split('\n');
    return { data: joinLines(lines, ctx.rng.pick<LineEnds>(['crlf', 'cr', 'mixed']), ctx.rng), expect: same(ctx) };
  },
  nulByte: (ctx) => {
    const bytes = Buffer.from(ctx.file());
    const at = ctx.rng.int(bytes.length + 1);
    // A NUL in the first 8 KiB marks a binary file; later, a NUL outside a string is not JSON.
    return { data: insertBytes(bytes, at, [0]), expect: at < 8192 ? REFUSED : EITHER };
  },
  deepNesting: (ctx) => {
    const depth = ctx.rng.pick([150, 1000, 100_000]);
    const record = ctx.records[ctx.record()] as Json;
    record.fuzz = '@@DEEP@@';
    return { data: ctx.file().replace('"@@DEEP@@"', '['.repeat(depth) + ']'.repeat(depth)), expect: REFUSED };
  },
  wrongType: (ctx) => {
    const at = ctx.rng.pick(leaves(ctx.records[ctx.record()]));
    setAt(at, ctx.rng.pick([42, -1, 1.5, null, true, '', 'x', [], {}, [1, 2], '9'.repeat(400)]));
    return { data: ctx.file(), expect: EITHER };
  },
  missingKey: (ctx) => {
    const at = ctx.rng.pick(leaves(ctx.records[ctx.record()]));
    if (Array.isArray(at.parent)) at.parent.splice(at.key as number, 1);
    else delete at.parent[at.key as string];
    return { data: ctx.file(), expect: EITHER };
  },
  offsets: (ctx) => {
    const [startKey, endKey] = offsetKeys(ctx.corpus.format);
    const spans = ctx.records.flatMap((record) => spansOf(ctx.corpus.format, record));
    const span = ctx.rng.pick(spans);
    const [s, e] = [span[startKey] as number, span[endKey] as number];
    const variant = ctx.rng.pick(['swapped', 'negative', 'fraction', 'string', 'outOfRange', 'huge']);
    if (variant === 'swapped') [span[startKey], span[endKey]] = [e, s];
    else if (variant === 'negative') span[startKey] = -1 - ctx.rng.int(3);
    else if (variant === 'fraction') span[endKey] = e + 0.5;
    else if (variant === 'string') span[startKey] = String(s);
    else if (variant === 'outOfRange') span[endKey] = 100_000;
    else span[endKey] = ctx.rng.pick([2 ** 53, 1e308, Number.MAX_SAFE_INTEGER]);
    return { data: ctx.file(), expect: REFUSED };
  },
};

// ---------------------------------------------------------------------------------------------
// Mutations of one format

/** Adds `n` spans with new labels on the first character of record `r`; refused past the limit on new labels. */
function manyLabels(ctx: Context, add: (record: Json, label: string, first: string) => void): Made {
  const n = ctx.rng.pick([50, 250]);
  const record = ctx.records[0] as Json;
  const text = textOf(ctx.corpus.format, record, ctx.corpus);
  for (let i = 0; i < n; i++) add(record, `Fuzz label ${i}`, cpSlice(text, 0, 1));
  const { pristine } = ctx.corpus;
  return {
    data: ctx.file(),
    expect: n > 190 ? REFUSED : ifImported({ ...pristine, annotations: pristine.annotations + n }),
  };
}

function textOf(format: Format, record: Json, corpus: Corpus): string {
  if (format === 'labelstudio') return (record.data as Json).text as string;
  if (format !== 'w3c') return record.text as string;
  const manifest = JSON.parse(corpus.manifest as string) as { documents: Array<{ text: string }> };
  return manifest.documents[0]!.text;
}

const SPECIFIC: Record<Format, Record<string, (ctx: Context) => Made>> = {
  w3c: {
    duplicateId: (ctx) => {
      const record = clone(ctx.records[ctx.record()] as Json);
      ctx.records.splice(ctx.rng.int(ctx.records.length + 1), 0, record);
      return { data: ctx.file(), expect: REFUSED };
    },
    positionOnly: (ctx) => {
      // Without its quote a position still selects the same text.
      for (const t of objectTargets(ctx.records))
        t.selector = selectorsOf(t).filter((x) => x.type !== 'TextQuoteSelector');
      return { data: ctx.file(), expect: same(ctx) };
    },
    quoteOnly: (ctx) => {
      // A quote with its context singles out the same place (or, when it cannot, the file is refused).
      for (const t of objectTargets(ctx.records))
        t.selector = selectorsOf(t).filter((x) => x.type !== 'TextPositionSelector');
      return { data: ctx.file(), expect: sameIfImported(ctx) };
    },
    quoteMismatch: (ctx) => {
      const quote = selectorsOf(ctx.rng.pick(objectTargets(ctx.records))).find(
        (s) => s.type === 'TextQuoteSelector',
      ) as Json;
      quote.exact = `${quote.exact as string}x`;
      return { data: ctx.file(), expect: REFUSED };
    },
    utf16Positions: (ctx) => {
      // Positions as a JavaScript tool counts them (UTF-16 code units): refused where they differ.
      const texts = new Map(
        (JSON.parse(ctx.corpus.manifest as string) as { documents: Array<{ id: string; text: string }> }).documents.map(
          (d) => [`urn:triangulate:document:${d.id}`, new OffsetConverter(d.text)],
        ),
      );
      let moved = false;
      for (const t of objectTargets(ctx.records)) {
        const cp = texts.get(t.source as string) as OffsetConverter;
        for (const s of selectorsOf(t).filter((x) => x.type === 'TextPositionSelector')) {
          const [a, b] = [cp.toUtf16(s.start as number), cp.toUtf16(s.end as number)];
          moved ||= a !== s.start || b !== s.end;
          [s.start, s.end] = [a, b];
        }
      }
      return { data: ctx.file(), expect: moved ? REFUSED : same(ctx) };
    },
    overlong: (ctx) => {
      const record = ctx.records.find((r) => r.motivation !== 'linking') as Json;
      const body = record.body as Json[];
      const x = (n: number) => 'x'.repeat(n);
      const variant = ctx.rng.pick(['label', 'note', 'author', 'attribute', 'id', 'value']);
      if (variant === 'label') body.push({ type: 'TextualBody', purpose: 'tagging', value: `L${x(100)}` });
      else if (variant === 'note') body.push({ type: 'TextualBody', purpose: 'commenting', value: x(20_001) });
      else if (variant === 'author') record.creator = { type: 'Person', name: x(201) };
      else if (variant === 'attribute') body.push({ type: 'TextualBody', value: 'v', 'tri:attribute': x(101) });
      else if (variant === 'value') body.push({ type: 'TextualBody', value: x(1001), 'tri:attribute': 'fuzz' });
      else record.id = `urn:triangulate:annotation:${x(201)}`;
      return { data: ctx.file(), expect: REFUSED };
    },
    manyLabels: (ctx) =>
      manyLabels(ctx, (record, label) =>
        (record.body as Json[]).push({ type: 'TextualBody', purpose: 'tagging', value: label }),
      ),
    manyFragments: (ctx) => {
      const record = ctx.records.find((r) => r.motivation !== 'linking') as Json;
      const target = [record.target].flat()[0] as Json;
      record.target = Array.from({ length: 1001 }, () => target);
      return { data: ctx.file(), expect: REFUSED };
    },
    badTimestamp: (ctx) => {
      const record = ctx.records[ctx.record()] as Json;
      const key = ctx.rng.pick(['created', 'modified']);
      record[key] = ctx.rng.pick(BAD_TIMESTAMPS);
      // A link (a relation) keeps its creation time only.
      return { data: ctx.file(), expect: record.motivation === 'linking' && key === 'modified' ? EITHER : REFUSED };
    },
    badTarget: (ctx) => {
      const record = ctx.records.find((r) => r.motivation !== 'linking') as Json;
      const variant = ctx.rng.pick(['missing', 'unknown', 'type', 'string']);
      if (variant === 'missing') delete record.target;
      else if (variant === 'unknown')
        for (const t of [record.target].flat() as Json[]) t.source = 'urn:triangulate:document:doc_none';
      else if (variant === 'type') record.type = 'Annotatio';
      else record.body = ['not a uri'];
      return { data: ctx.file(), expect: REFUSED };
    },
    badLink: (ctx) => {
      const links = ctx.records.filter((r) => r.motivation === 'linking');
      const link = ctx.rng.pick(links);
      const variant = ctx.rng.pick(['missingChild', 'self', 'noChild']);
      const body = link.body as Json[];
      if (variant === 'missingChild') body[0]!.source = 'urn:triangulate:annotation:ann_none';
      else if (variant === 'self') body[0]!.source = link.target;
      else link.body = body.slice(1);
      return { data: ctx.file(), expect: REFUSED };
    },
    manifestText: (ctx) => {
      // The manifest's texts as another tool saves them: the positions still count the text the export had.
      const manifest = JSON.parse(ctx.corpus.manifest as string) as { documents: Array<{ text: string }> };
      const doc = manifest.documents[ctx.rng.int(manifest.documents.length)]!;
      doc.text = ctx.rng.chance(0.5) ? doc.text.replace(/\n/g, '\r\n') : `\ufeff${doc.text}`;
      ctx.corpus = { ...ctx.corpus, manifest: JSON.stringify(manifest) };
      return { data: ctx.file(), expect: ctx.mode === 'none' ? same(ctx) : sameIfImported(ctx) };
    },
  },
  doccano: {
    duplicateRecord: (ctx) => {
      ctx.records.push(clone(ctx.records[ctx.record()] as Json));
      // The same text is the same document, the same spans the same annotations.
      return { data: ctx.file(), expect: same(ctx) };
    },
    tripleArity: (ctx) => {
      const record = ctx.records[ctx.record()] as Json;
      record.label = (record.entities as Json[]).map((e) => [e.start_offset, e.end_offset, e.label]);
      delete record.entities;
      delete record.relations;
      const triple = ctx.rng.pick(record.label as unknown[][]);
      triple.splice(ctx.rng.int(3), 1);
      return { data: ctx.file(), expect: REFUSED };
    },
    badRelation: (ctx) => {
      const record = ctx.records.find((r) => (r.relations as Json[]).length > 0) as Json;
      const relation = ctx.rng.pick(record.relations as Json[]);
      const variant = ctx.rng.pick(['missing', 'self', 'headChild', 'noType']);
      if (variant === 'missing') relation.to_id = 'none';
      else if (variant === 'self') relation.to_id = relation.from_id;
      else if (variant === 'headChild')
        Object.assign(relation, { head: relation.from_id, child: relation.to_id, from_id: undefined });
      else delete relation.type;
      return { data: ctx.file(), expect: REFUSED };
    },
    longLabel: (ctx) => {
      ctx.rng.pick(spansOf('doccano', ctx.records[ctx.record()] as Json)).label = ctx.rng.pick([
        'L'.repeat(101),
        '',
        ' \u200b ',
      ]);
      return { data: ctx.file(), expect: REFUSED };
    },
    manyLabels: (ctx) =>
      manyLabels(ctx, (record, label) =>
        (record.entities as Json[]).push({ id: `fuzz-${label}`, start_offset: 0, end_offset: 1, label }),
      ),
    layout: (ctx) => ({
      data: ctx.rng.chance(0.5)
        ? JSON.stringify(ctx.records)
        : ctx.records.map((r) => JSON.stringify(r, null, 2)).join('\n'),
      expect: same(ctx),
    }),
  },
  prodigy: {
    answer: (ctx) => {
      const record = ctx.records[ctx.record()] as Json;
      const answer = ctx.rng.pick(['reject', 'ignore', 'maybe', 42]);
      record.answer = answer;
      if (answer === 'reject') return { data: ctx.file(), expect: ifImported(ctx.corpus.pristine) };
      if (answer !== 'ignore') return { data: ctx.file(), expect: REFUSED };
      // An ignored task is skipped, its spans and relations with it.
      const { pristine } = ctx.corpus;
      const spans = new Set((record.spans as Json[]).map((s) => `${s.start}:${s.end}:${s.label}`)).size;
      return {
        data: ctx.file(),
        expect: ifImported({
          documents: pristine.documents - 1,
          annotations: pristine.annotations - spans,
          relations: pristine.relations - (record.relations as Json[]).length,
        }),
      };
    },
    spanText: (ctx) => {
      const span = ctx.rng.pick(spansOf('prodigy', ctx.records[ctx.record()] as Json));
      span.text = `${span.text as string}x`;
      return { data: ctx.file(), expect: REFUSED };
    },
    badRelation: (ctx) => {
      const record = ctx.records.find((r) => (r.relations as Json[]).length > 0) as Json;
      const relation = ctx.rng.pick(record.relations as Json[]);
      const variant = ctx.rng.pick(['noHead', 'self', 'noLabel', 'badSpan']);
      if (variant === 'noHead') delete relation.head_span;
      else if (variant === 'self') relation.child_span = relation.head_span;
      else if (variant === 'noLabel') delete relation.label;
      else (relation.child_span as Json).end = -4;
      return { data: ctx.file(), expect: REFUSED };
    },
    manyLabels: (ctx) =>
      manyLabels(ctx, (record, label, first) =>
        (record.spans as Json[]).push({ start: 0, end: 1, label, text: first }),
      ),
    duplicateRecord: (ctx) => {
      ctx.records.push(clone(ctx.records[ctx.record()] as Json));
      return { data: ctx.file(), expect: same(ctx) };
    },
  },
  labelstudio: {
    regionText: (ctx) => {
      const value = ctx.rng.pick(spansOf('labelstudio', ctx.records[ctx.record()] as Json));
      value.text = `${value.text as string}x`;
      return { data: ctx.file(), expect: REFUSED };
    },
    regionWithoutOffsets: (ctx) => {
      const value = ctx.rng.pick(spansOf('labelstudio', ctx.records[ctx.record()] as Json));
      delete value[ctx.rng.pick(['start', 'end'])];
      return { data: ctx.file(), expect: REFUSED };
    },
    badRelation: (ctx) => {
      const record = ctx.records.find((r) =>
        ((r.annotations as Json[])[0]!.result as Json[]).some((x) => x.type === 'relation'),
      ) as Json;
      const relation = ((record.annotations as Json[])[0]!.result as Json[]).find((x) => x.type === 'relation') as Json;
      relation[ctx.rng.pick(['from_id', 'to_id'])] = ctx.rng.pick(['none', 42, null]);
      return { data: ctx.file(), expect: REFUSED };
    },
    cancelled: (ctx) => {
      const record = ctx.records[ctx.record()] as Json;
      (record.annotations as Json[])[0]!.was_cancelled = true;
      // A cancelled annotation is skipped; the task's text is still a document.
      const { pristine } = ctx.corpus;
      const results = (record.annotations as Json[])[0]!.result as Json[];
      const spans = new Set(
        results
          .filter((x) => x.type === 'labels')
          .map((x) => JSON.stringify([(x.value as Json).start, (x.value as Json).end, (x.value as Json).labels])),
      ).size;
      return {
        data: ctx.file(),
        expect: ifImported({
          documents: pristine.documents,
          annotations: pristine.annotations - spans,
          relations: pristine.relations - results.filter((x) => x.type === 'relation').length,
        }),
      };
    },
    asPredictions: (ctx) => {
      for (const record of ctx.records) {
        record.predictions = record.annotations;
        delete record.annotations;
      }
      return { data: ctx.file(), expect: ifImported(ctx.corpus.pristine) };
    },
    badDate: (ctx) => {
      (ctx.records[ctx.record()]!.annotations as Json[])[0]!.created_at = ctx.rng.pick([
        '2021-02-30T00:00:00Z',
        '2015-09-27T24:00:00Z',
        '2021-13-01T00:00:00Z',
      ]);
      return { data: ctx.file(), expect: REFUSED };
    },
    manyLabels: (ctx) =>
      manyLabels(ctx, (record, label, first) =>
        ((record.annotations as Json[])[0]!.result as Json[]).push({
          id: `fuzz-${label}`,
          type: 'labels',
          value: { start: 0, end: 1, text: first, labels: [label] },
        }),
      ),
  },
};

// ---------------------------------------------------------------------------------------------
// The pristine corpora

function doccanoOf(doc: Exported): Json {
  const inRecord = new Set(doc.spans.map((s) => s.id));
  return {
    id: doc.title,
    text: doc.text,
    entities: doc.spans.map((s) => ({ id: s.id, start_offset: s.start, end_offset: s.end, label: s.label })),
    relations: doc.relations
      .filter((r) => inRecord.has(r.head) && inRecord.has(r.child))
      .map((r) => ({ id: r.id, from_id: r.head, to_id: r.child, type: r.type })),
  };
}

function prodigyOf(doc: Exported): Json {
  const span = (id: string) => {
    const s = doc.spans.find((x) => x.id === id)!;
    return { start: s.start, end: s.end, label: s.label, text: s.text };
  };
  const inRecord = new Set(doc.spans.map((s) => s.id));
  return {
    text: doc.text,
    spans: doc.spans.map((s) => span(s.id)),
    relations: doc.relations
      .filter((r) => inRecord.has(r.head) && inRecord.has(r.child))
      .map((r) => ({ head_span: span(r.head), child_span: span(r.child), label: r.type })),
    answer: 'accept',
    meta: { title: doc.title },
  };
}

function labelStudioOf(doc: Exported, i: number): Json {
  const inRecord = new Set(doc.spans.map((s) => s.id));
  return {
    id: i + 1,
    data: { text: doc.text, title: doc.title },
    annotations: [
      {
        id: i + 1,
        completed_by: 1,
        created_at: '2024-01-02T03:04:05.000000Z',
        result: [
          ...doc.spans.map((s) => ({
            id: s.id,
            type: 'labels',
            from_name: 'label',
            to_name: 'text',
            value: { start: s.start, end: s.end, text: s.text, labels: [s.label] },
          })),
          ...doc.relations
            .filter((r) => inRecord.has(r.head) && inRecord.has(r.child))
            .map((r) => ({ type: 'relation', from_id: r.head, to_id: r.child, direction: 'right', labels: [r.type] })),
        ],
      },
    ],
  };
}

/** Documents, distinct spans (start, end, label) and relations within a record of the export. */
function countsOf(docs: readonly Exported[]): Counts {
  let annotations = 0;
  let relations = 0;
  for (const doc of docs) {
    annotations += new Set(doc.spans.map((s) => `${s.start}:${s.end}:${s.label}`)).size;
    const inRecord = new Set(doc.spans.map((s) => s.id));
    relations += doc.relations.filter((r) => inRecord.has(r.head) && inRecord.has(r.child)).length;
  }
  return { documents: docs.length, annotations, relations };
}

const fixture = corpusFixture('triangulate-fuzz-others-');
const corpora = new Map<Format, Corpus>();

beforeAll(async () => {
  const { source } = fixture;
  const jsonl = await fixture.exported('jsonl', 'data.jsonl');
  const base = path.dirname(jsonl);
  const docs = fs
    .readFileSync(jsonl, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Exported);
  const jsonLines = (records: readonly Json[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const empty = fixture.target();
  const tools: Array<Pick<Corpus, 'format' | 'records' | 'write' | 'name'>> = [
    { format: 'doccano', records: docs.map(doccanoOf), write: jsonLines, name: 'data.jsonl' },
    { format: 'prodigy', records: docs.map(prodigyOf), write: jsonLines, name: 'data.jsonl' },
    {
      format: 'labelstudio',
      records: docs.map(labelStudioOf),
      write: (records) => JSON.stringify(records, null, 1) + '\n',
      name: 'tasks.json',
    },
  ];
  const made: Array<Omit<Corpus, 'snapshots'>> = tools.map((tool) => ({
    ...tool,
    pristine: countsOf(docs),
    target: empty,
    fresh: true,
  }));
  // W3C: the collection export; its first and last lines frame one annotation per line.
  const w3c = await fixture.exported('w3c', 'data.jsonld');
  const lines = fs.readFileSync(w3c, 'utf8').trimEnd().split('\n');
  const [head, tail] = [lines[0] as string, lines[lines.length - 1] as string];
  const manifest = fs.readFileSync(`${w3c}.manifest.json`, 'utf8');
  const counts = (JSON.parse(manifest) as { counts: Counts }).counts;
  made.push({
    format: 'w3c',
    records: lines.slice(1, -1).map((line) => JSON.parse(line.replace(/,$/, '')) as Json),
    write: (records) => [head, records.map((r) => JSON.stringify(r)).join(',\n'), tail].join('\n') + '\n',
    manifest,
    name: 'data.jsonld',
    pristine: { documents: counts.documents, annotations: counts.annotations, relations: counts.relations },
    target: fixture.target(withDocuments(source)),
    fresh: false,
  });
  for (const corpus of made) {
    const file = path.join(base, corpus.format, corpus.name);
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, corpus.write(corpus.records));
    let manifestFile: string | undefined;
    if (corpus.manifest) {
      manifestFile = `${file}.manifest.json`;
      fs.writeFileSync(manifestFile, reseal(corpus.manifest, new Map([[corpus.name, fs.readFileSync(file)]])));
    }
    corpora.set(corpus.format, {
      ...corpus,
      snapshots: await pristineSnapshots(corpus.target, corpus.format, file, manifestFile),
    });
  }
});

describe('generated malformed-import corpus (W3C, doccano, Prodigy, Label Studio)', () => {
  for (const format of ['w3c', 'doccano', 'prodigy', 'labelstudio'] as const) {
    corpusTest(
      fixture,
      `${format}: ${CASES[format]} seeded cases: exact counts on success, a coded error, no write and a short excerpt on failure`,
      () => {
        const corpus = corpora.get(format) as Corpus;
        const mutations = { ...COMMON, ...SPECIFIC[format] };
        return {
          seed: SEED + CASES[format] + format.length,
          cases: CASES[format],
          kinds: Object.keys(mutations),
          format,
          target: corpus.target,
          // Only W3C exports have a manifest.
          manifests: corpus.manifest !== undefined,
          make: (kind, rng, mode) => {
            const ctx: Context = {
              corpus,
              rng,
              mode,
              records: clone(corpus.records),
              file: () => corpus.write(ctx.records),
              record: () => rng.int(ctx.records.length),
            };
            const made = mutations[kind]!(ctx);
            const data = typeof made.data === 'string' ? Buffer.from(made.data) : made.data;
            return manifestCase({ ...corpus, manifest: corpus.manifest ?? '' }, mode, {
              files: new Map([[corpus.name, data]]),
              manifestName: `${corpus.name}.manifest.json`,
              // manifestText changes the texts of the manifest it reseals.
              ...(ctx.corpus.manifest ? { manifest: ctx.corpus.manifest } : {}),
              path: corpus.name,
              expect: made.expect,
              changed: !data.equals(Buffer.from(corpus.write(corpus.records))),
              checked: ['documents', 'annotations', 'relations'],
              freshDocuments: corpus.fresh,
            });
          },
        };
      },
    );
  }
});
