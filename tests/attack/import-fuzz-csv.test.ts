/**
 * A generated malformed-import corpus for CSV ("Trust" issue): the app's own CSV export of two
 * documents (one mixed-script with CRLF line ends and characters outside the BMP), damaged the
 * ways broken or hostile CSV files are: cut at a random byte, invalid UTF-8 and raw lone
 * surrogates, byte-order marks, other line ends, a header that is missing or names a column
 * twice, columns and fields missing or extra, unbalanced quotes, line breaks inside fields,
 * offsets swapped, negative, not numbers, out of the text or counted in UTF-16, fields over the
 * API's limits, hundreds of new labels, impossible dates, NUL bytes, repeated ids. The manifest
 * is removed, resealed (so the reader takes the file for a Triangulate export) or left stale.
 * Each case runs through the harness's check (see fuzz-harness.ts).
 */
import fs from 'node:fs';
import { beforeAll, describe, expect } from 'vitest';
import { OffsetConverter } from '../../common/text.js';
import { csvField, readCsv } from '../../db/datasets/input.js';
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
  manifestCase,
  pristineSnapshots,
  withDocuments,
  type Expect,
  type FuzzTarget,
  type LineEnds,
  type MutationContext,
  type PristineExport,
} from './fuzz-harness.js';

const SEED = 0xc5f1;
const CASES = 1000;

/** A CSV row: fields quoted where needed, or all of them. */
const line = (fields: readonly string[], all = false) =>
  fields.map((f) => (all ? `"${f.replace(/"/g, '""')}"` : csvField(f))).join(',');

interface Base extends PristineExport {
  header: string[];
  rows: string[][];
  bytes: Buffer;
  matrix: Buffer;
  /** The relations table the export writes beside the data file. */
  relations: Buffer;
  /** Document id → text (to count offsets as another tool would). */
  texts: Map<string, string>;
}

/** One case's data file and what may come of it, given the manifest mode. */
interface Made {
  data: Buffer | string;
  expect: Expect;
}

interface Context extends MutationContext<Base> {
  /** A copy of the data rows, to change. */
  rows: string[][];
  col(name: string): number;
  /** The file with `header` and `rows` (CRLF, quoted where needed). */
  file(header?: readonly string[], rows?: readonly string[][]): string;
  /** A random data row's index. */
  row(): number;
}

const same = (ctx: Context): Expect => ({ outcome: 'imported', counts: ctx.base.pristine, same: true });
const sameIfImported = (ctx: Context): Expect => ifImported(ctx.base.pristine);
const annotationsIfImported = (ctx: Context, annotations: number | number[]): Expect =>
  ifImported({ annotations, relations: ctx.base.pristine.relations });

const REQUIRED = ['document_id', 'label', 'start', 'end'];

/** Sets start, end and fragments of a row to the given code-point pairs. */
function setFragments(ctx: Context, row: string[], pairs: Array<[number | string, number | string]>): void {
  row[ctx.col('start')] = String(pairs[0]![0]);
  row[ctx.col('end')] = String(pairs[pairs.length - 1]![1]);
  row[ctx.col('fragments')] = pairs.map(([s, e]) => `${s}-${e}`).join(';');
}

const MUTATIONS: Record<string, (ctx: Context) => Made> = {
  none: (ctx) => ({ data: ctx.base.bytes, expect: same(ctx) }),
  cutAtByte: (ctx) => {
    const at = 1 + ctx.rng.int(ctx.base.bytes.length - 1);
    // Rows whose content lies wholly before the cut; the row cut through may import only when complete.
    let end = Buffer.byteLength(line(ctx.base.header));
    let complete = 0;
    for (const row of ctx.base.rows) {
      end += 2 + Buffer.byteLength(line(row));
      if (end <= at) complete++;
    }
    return { data: ctx.base.bytes.subarray(0, at), expect: annotationsIfImported(ctx, [complete, complete + 1]) };
  },
  invalidUtf8: (ctx) => ({
    data: insertBytes(ctx.base.bytes, ctx.rng.int(ctx.base.bytes.length + 1), ctx.rng.pick(INVALID_UTF8)),
    expect: REFUSED,
  }),
  rawSurrogate: (ctx) => ({
    data: insertBytes(ctx.base.bytes, ctx.rng.int(ctx.base.bytes.length + 1), ctx.rng.pick(WTF8_SURROGATES)),
    expect: REFUSED,
  }),
  bom: (ctx) =>
    ctx.rng.chance(0.5)
      ? { data: Buffer.concat([BOM, ctx.base.bytes]), expect: same(ctx) }
      : { data: Buffer.concat([BOM, BOM, ctx.base.bytes]), expect: { ...sameIfImported(ctx), same: true } },
  lineEnds: (ctx) => {
    const style = ctx.rng.pick<LineEnds>(['lf', 'cr', 'mixed']);
    const lines = [ctx.base.header, ...ctx.rows].map((r) => line(r));
    const eol = () => (style === 'lf' ? '\n' : style === 'cr' ? '\r' : ctx.rng.pick(['\n', '\r\n', '\r']));
    if (ctx.rng.chance(0.7)) return { data: lines.map((l) => l + eol()).join(''), expect: same(ctx) };
    // The line breaks inside quoted fields change too: the quoted texts then differ from the documents'.
    return { data: lines.map((l) => l.replace(/\n/g, eol()) + eol()).join(''), expect: sameIfImported(ctx) };
  },
  duplicateHeader: (ctx) => {
    const header = [...ctx.base.header];
    const i = ctx.rng.int(header.length);
    let j = ctx.rng.int(header.length - 1);
    if (j >= i) j++;
    header[j] = ctx.rng.chance(0.8) ? (header[i] as string) : ` ${header[i] as string} `;
    return { data: ctx.file(header), expect: REFUSED };
  },
  missingHeader: (ctx) => ({ data: ctx.rows.map((r) => line(r) + '\r\n').join(''), expect: REFUSED }),
  dropColumn: (ctx) => {
    const i = ctx.rng.int(ctx.base.header.length);
    const name = ctx.base.header[i] as string;
    const data = ctx.file(
      ctx.base.header.filter((_, k) => k !== i),
      ctx.rows.map((r) => r.filter((_, k) => k !== i)),
    );
    return { data, expect: REQUIRED.includes(name) ? REFUSED : sameIfImported(ctx) };
  },
  extraColumn: (ctx) => {
    const name = ctx.rng.pick(['extra', 'attr:fuzz', '', 'ANNOTATION_ID', 'document_id ']);
    const at = ctx.rng.int(ctx.base.header.length + 1);
    const insert = <T>(xs: readonly T[], x: T) => [...xs.slice(0, at), x, ...xs.slice(at)];
    const data = ctx.file(
      insert(ctx.base.header, name),
      ctx.rows.map((r, k) => insert(r, k % 2 ? 'value' : '')),
    );
    // "document_id " trims to a column the header already names.
    return { data, expect: name === 'document_id ' ? REFUSED : sameIfImported(ctx) };
  },
  rowFieldCount: (ctx) => {
    const r = ctx.row();
    const row = ctx.rows[r] as string[];
    if (ctx.rng.chance(0.5)) row.splice(ctx.rng.int(row.length), 1);
    else row.splice(ctx.rng.int(row.length + 1), 0, ctx.rng.pick(['', 'x', '0']));
    return { data: ctx.file(), expect: REFUSED };
  },
  unbalancedQuote: (ctx) => {
    const r = ctx.row();
    const lines = ctx.rows.map((row) => line(row));
    const text = lines[r] as string;
    const at = ctx.rng.int(text.length + 1);
    lines[r] = text.slice(0, at) + '"' + text.slice(at);
    return { data: [line(ctx.base.header), ...lines].map((l) => l + '\r\n').join(''), expect: EITHER };
  },
  embeddedNewline: (ctx) => {
    const r = ctx.row();
    const lines = ctx.rows.map((row) => line(row));
    const text = lines[r] as string;
    const at = 1 + ctx.rng.int(text.length - 1);
    lines[r] = text.slice(0, at) + ctx.rng.pick(['\n', '\r\n', '\r']) + text.slice(at);
    return {
      data: [line(ctx.base.header), ...lines].map((l) => l + '\r\n').join(''),
      expect: sameIfImported(ctx),
    };
  },
  offsets: (ctx) => {
    const row = ctx.rows[ctx.row()] as string[];
    const pairs = row[ctx.col('fragments')]!.split(';').map((p) => p.split('-').map(Number) as [number, number]);
    const variant = ctx.rng.pick(['swapped', 'negative', 'notNumber', 'outOfRange', 'utf16', 'manyFragments']);
    switch (variant) {
      case 'swapped':
        setFragments(
          ctx,
          row,
          pairs.map(([s, e]) => [e, s]),
        );
        row[ctx.col('start')] = String(pairs[pairs.length - 1]![1]);
        row[ctx.col('end')] = String(pairs[0]![0]);
        return { data: ctx.file(), expect: REFUSED };
      case 'negative':
        row[ctx.col(ctx.rng.pick(['start', 'end']))] = `-${ctx.rng.int(5) + 1}`;
        return { data: ctx.file(), expect: REFUSED };
      case 'notNumber':
        row[ctx.col(ctx.rng.pick(['start', 'end']))] = ctx.rng.pick(['x', '1e3', '0x1', ' 5', '5.0', '', '٣', 'NaN']);
        return { data: ctx.file(), expect: REFUSED };
      case 'outOfRange': {
        const far = ctx.rng.pick([99_999, 2 ** 53, 1e21]);
        setFragments(ctx, row, [[pairs[0]![0], far]]);
        return { data: ctx.file(), expect: REFUSED };
      }
      case 'utf16': {
        // Offsets as a JavaScript tool counts them: UTF-16 code units, not code points.
        const text = ctx.base.texts.get(row[ctx.col('document_id')] as string) as string;
        const cp = new OffsetConverter(text);
        const units = pairs.map(([s, e]) => [cp.toUtf16(s), cp.toUtf16(e)] as [number, number]);
        setFragments(ctx, row, units);
        const moved = units.some(([s, e], k) => s !== pairs[k]![0] || e !== pairs[k]![1]);
        return { data: ctx.file(), expect: moved ? REFUSED : same(ctx) };
      }
      default: {
        const [s, e] = pairs[0]!;
        setFragments(
          ctx,
          row,
          Array.from({ length: 1001 }, () => [s, e]),
        );
        return { data: ctx.file(), expect: REFUSED };
      }
    }
  },
  overlongField: (ctx) => {
    const row = ctx.rows[ctx.row()] as string[];
    const [column, length] = ctx.rng.pick([
      ['annotation_id', 201],
      ['note', 20_001],
      ['author', 201],
      ['label', 101],
      ['entity_id', 201],
      ['claim_id', 201],
      ['attr:stance', 1001],
    ] as const);
    row[ctx.col(column)] = column === 'note' ? 'n'.repeat(length) : 'x'.repeat(length);
    return { data: ctx.file(), expect: REFUSED };
  },
  manyLabels: (ctx) => {
    const n = ctx.rng.pick([50, 199, 250]);
    const template = ctx.rows.find((r) => r[ctx.col('kind')] === 'entity' && !r[ctx.col('entity_id')]);
    const source = template ?? (ctx.rows[0] as string[]);
    for (let i = 0; i < n; i++) {
      const copy = [...source];
      copy[ctx.col('annotation_id')] = `${source[ctx.col('annotation_id')]}-l${i}`;
      copy[ctx.col('label')] = `Fuzz label ${i}`;
      copy[ctx.col('entity_id')] = '';
      ctx.rows.push(copy);
    }
    // "Key figure" is not a default label: the import creates it too.
    return {
      data: ctx.file(),
      expect: n + 1 > 200 ? REFUSED : annotationsIfImported(ctx, ctx.base.pristine.annotations + n),
    };
  },
  badTimestamp: (ctx) => {
    (ctx.rows[ctx.row()] as string[])[ctx.col(ctx.rng.pick(['created_at', 'updated_at']))] =
      ctx.rng.pick(BAD_TIMESTAMPS);
    return { data: ctx.file(), expect: REFUSED };
  },
  nulByte: (ctx) => {
    const lines = [ctx.base.header, ...ctx.rows].map((r) => line(r) + '\r\n');
    const r = 1 + ctx.row();
    const at = ctx.rng.int((lines[r] as string).length);
    lines[r] = lines[r]!.slice(0, at) + '\u0000' + lines[r]!.slice(at);
    const data = lines.join('');
    // A NUL in the first 8 KiB marks a binary file.
    const offset = Buffer.byteLength(lines.slice(0, r).join('')) + Buffer.byteLength(lines[r]!.slice(0, at));
    return { data, expect: offset < 8192 ? REFUSED : EITHER };
  },
  duplicateRow: (ctx) => {
    const copy = [...(ctx.rows[ctx.row()] as string[])];
    const keepId = ctx.rng.chance(0.6);
    if (!keepId) copy[ctx.col('annotation_id')] = '';
    ctx.rows.splice(ctx.rng.int(ctx.rows.length + 1), 0, copy);
    const n = ctx.base.pristine.annotations;
    return { data: ctx.file(), expect: keepId ? REFUSED : annotationsIfImported(ctx, [n, n + 1]) };
  },
  unknownDocument: (ctx) => {
    (ctx.rows[ctx.row()] as string[])[ctx.col('document_id')] = ctx.rng.pick([
      'doc_0000000000000000',
      '',
      'x'.repeat(300),
      '../doc',
    ]);
    return { data: ctx.file(), expect: REFUSED };
  },
  badStatus: (ctx) => {
    (ctx.rows[ctx.row()] as string[])[ctx.col('status')] = ctx.rng.pick(['bogus', 'Accepted', ' accepted', 'null']);
    return { data: ctx.file(), expect: REFUSED };
  },
  badLabel: (ctx) => {
    (ctx.rows[ctx.row()] as string[])[ctx.col('label')] = ctx.rng.pick(['', '   ', '\u200b', '\u200b\u200d']);
    return { data: ctx.file(), expect: REFUSED };
  },
  linkMismatch: (ctx) => {
    const claims = ctx.rows.filter((r) => r[ctx.col('kind')] === 'claim');
    const others = ctx.rows.filter((r) => r[ctx.col('kind')] !== 'claim');
    if (ctx.rng.chance(0.5) && claims.length) ctx.rng.pick(claims)[ctx.col('entity_id')] = 'ent_fuzz';
    else ctx.rng.pick(others)[ctx.col('claim_id')] = 'clm_fuzz';
    return { data: ctx.file(), expect: REFUSED };
  },
  blankLines: (ctx) => {
    const lines = [ctx.base.header, ...ctx.rows].map((r) => line(r) + '\r\n');
    for (let k = 0; k < 3; k++) lines.splice(1 + ctx.rng.int(lines.length), 0, ctx.rng.pick(['\r\n', '\n', '\r']));
    return { data: lines.join(''), expect: same(ctx) };
  },
  shuffleRows: (ctx) => {
    for (let i = ctx.rows.length - 1; i > 0; i--) {
      const j = ctx.rng.int(i + 1);
      [ctx.rows[i], ctx.rows[j]] = [ctx.rows[j] as string[], ctx.rows[i] as string[]];
    }
    return { data: ctx.file(), expect: same(ctx) };
  },
  quoteAll: (ctx) => ({
    data: [ctx.base.header, ...ctx.rows].map((r) => line(r, true) + '\r\n').join(''),
    expect: same(ctx),
  }),
  headerOnly: (ctx) => ({ data: ctx.file(ctx.base.header, []), expect: annotationsIfImported(ctx, 0) }),
};
const fixture = corpusFixture('triangulate-fuzz-csv-');
let target: FuzzTarget;
let base: Base;

beforeAll(async () => {
  const out = await fixture.exported('csv', 'data.csv');
  const [header, ...rows] = [...readCsv(out)].map((row) => row.fields);
  const manifest = fs.readFileSync(`${out}.manifest.json`, 'utf8');
  const counts = (JSON.parse(manifest) as { counts: { annotations: number; relations?: number } }).counts;
  expect(rows.length).toBe(counts.annotations);
  expect(rows.every((r) => r.length === header!.length)).toBe(true);
  target = fixture.target(withDocuments(fixture.source));
  base = {
    header: header as string[],
    rows,
    bytes: fs.readFileSync(out),
    matrix: fs.readFileSync(out.replace(/\.csv$/, '.claims-matrix.csv')),
    relations: fs.readFileSync(out.replace(/\.csv$/, '.relations.csv')),
    manifest,
    pristine: { documents: 2, annotations: counts.annotations, relations: counts.relations ?? 0 },
    texts: new Map(fixture.source.documentIds.map((id) => [id, fixture.source.t.ws.documentText(id)])),
    snapshots: await pristineSnapshots(target, 'csv', out, `${out}.manifest.json`),
  };
});

describe('generated malformed-import corpus (CSV)', () => {
  corpusTest(
    fixture,
    `${CASES} seeded cases: exact counts on success, a coded error, no write and a short excerpt on failure`,
    () => ({
      seed: SEED,
      cases: CASES,
      kinds: Object.keys(MUTATIONS),
      format: 'csv',
      target,
      manifests: true,
      make: (kind, rng, mode) => {
        const ctx: Context = {
          base,
          rng,
          mode,
          rows: base.rows.map((r) => [...r]),
          col: (name) => {
            const i = base.header.indexOf(name);
            if (i < 0) throw new Error(`no column ${name}`);
            return i;
          },
          file: (header = base.header, rows = ctx.rows) => [header, ...rows].map((r) => line(r) + '\r\n').join(''),
          row: () => rng.int(ctx.rows.length),
        };
        const made = MUTATIONS[kind]!(ctx);
        const data = typeof made.data === 'string' ? Buffer.from(made.data) : made.data;
        return manifestCase(base, mode, {
          files: new Map([
            ['data.csv', data],
            ['data.claims-matrix.csv', base.matrix],
            ['data.relations.csv', base.relations],
          ]),
          manifestName: 'data.csv.manifest.json',
          path: 'data.csv',
          expect: made.expect,
          changed: !data.equals(base.bytes),
          checked: ['annotations'],
          freshDocuments: false,
        });
      },
    }),
  );
});
