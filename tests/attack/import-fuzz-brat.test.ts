/**
 * A generated malformed-import corpus for brat standoff ("Trust" issue): the app's own brat
 * export of two documents (one mixed-script with characters outside the BMP), damaged the ways
 * broken or hostile brat collections are: files cut at a random byte, invalid UTF-8 and raw lone
 * surrogates, byte-order marks, other line ends, `T`/`R`/`A`/`N`/`#` lines of the wrong arity or
 * referring to ids the file does not have, repeated ids, span texts that differ from the `.txt`,
 * offsets swapped, negative, not numbers, out of the text, counted in UTF-16 or overlapping, an
 * `.ann` without its `.txt` and the reverse, fields over the API's limits, hundreds of new
 * labels, impossible dates and broken records in `triangulate.jsonl`, NUL bytes. The manifest is
 * removed, resealed (so the reader takes the folder for a Triangulate export) or left stale.
 * Each case runs through the harness's check (see fuzz-harness.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect } from 'vitest';
import { OffsetConverter } from '../../common/text.js';
import {
  BAD_TIMESTAMPS,
  BOM,
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
  type Counts,
  type Expect,
  type FuzzTarget,
  type LineEnds,
  type MutationContext,
  type PristineExport,
} from './fuzz-harness.js';

const SEED = 0xb7a7;
const CASES = 1000;
const SIDE = 'triangulate.jsonl';

interface Doc {
  /** File names, relative to the folder. */
  txt: string;
  ann: string;
  text: string;
  /** The text's code points (brat offsets count them). */
  chars: string[];
  lines: string[];
}

interface Base extends PristineExport {
  files: Map<string, Buffer>;
  docs: Doc[];
}

interface Context extends MutationContext<Base> {
  /** The folder's files (manifest aside), to change. */
  files: Map<string, Buffer>;
  /** A random document's index. */
  doc(): number;
  lines(d: number): string[];
  setLines(d: number, lines: readonly string[]): void;
  /** A random line of document `d` of one of the given kinds (its index), or -1. */
  line(d: number, kinds: string): number;
  /** A random document, a copy of its lines and a random line of one of the given kinds. */
  pick(kinds: string): { d: number; lines: string[]; i: number };
}

interface Made {
  expect: Expect;
  /** The path to import, relative to the folder ('' for the folder itself). */
  target?: string;
}

const cpSlice = (doc: Doc, start: number, end: number) => doc.chars.slice(start, end).join('');
const countOf = (lines: readonly string[], kind: string) => lines.filter((l) => l.startsWith(kind)).length;
const same = (ctx: Context): Expect => ({ outcome: 'imported', counts: ctx.base.pristine, same: true });
const sameIfImported = (ctx: Context): Expect => ifImported(ctx.base.pristine);

/** The id, type, code-point fragments and text of a `T` line. */
function parseT(line: string): { id: string; type: string; pairs: Array<[number, number]>; text: string } {
  const [, id, type, offsets, text] = /^([^\t]+)\t(\S+) ([^\t]+)\t(.*)$/s.exec(line) as unknown as string[];
  const pairs = offsets!.split(';').map((p) => p.split(' ').map(Number) as [number, number]);
  return { id: id!, type: type!, pairs, text: text! };
}

const tLine = (
  id: string,
  type: string,
  pairs: ReadonlyArray<readonly [number | string, number | string]>,
  text: string,
) => `${id}\t${type} ${pairs.map(([s, e]) => `${s} ${e}`).join(';')}\t${text}`;

/** A T line's text as brat writes it: the fragments' texts joined by a space. */
const statedText = (doc: Doc, pairs: ReadonlyArray<readonly [number, number]>) =>
  pairs.map(([s, e]) => cpSlice(doc, s, e).replace(/\n/g, ' ')).join(' ');

/** Byte-level damage to one file of the folder. */
function damage(ctx: Context, name: string, bytes: readonly number[] | Buffer, at = -1): void {
  const file = ctx.files.get(name) as Buffer;
  ctx.files.set(name, insertBytes(file, at < 0 ? ctx.rng.int(file.length + 1) : at, bytes));
}

/** A random file the reader decodes: a `.txt`, an `.ann` or (read with the manifest only) the side file. */
function someDataFile(ctx: Context): string {
  const doc = ctx.base.docs[ctx.doc()] as Doc;
  return ctx.rng.pick([doc.txt, doc.ann, SIDE]);
}

const MUTATIONS: Record<string, (ctx: Context) => Made> = {
  none: (ctx) => ({ expect: same(ctx) }),
  singleFile: (ctx) => {
    const d = ctx.doc();
    const doc = ctx.base.docs[d] as Doc;
    // One .ann/.txt pair is read as another tool's (no manifest, no side file).
    return {
      target: ctx.rng.pick([doc.txt, doc.ann]),
      expect: {
        outcome: 'imported',
        counts: { documents: 1, annotations: countOf(doc.lines, 'T'), relations: countOf(doc.lines, 'R') },
      },
    };
  },
  cutAnn: (ctx) => {
    const d = ctx.doc();
    const doc = ctx.base.docs[d] as Doc;
    const bytes = ctx.files.get(doc.ann) as Buffer;
    const at = ctx.rng.int(bytes.length);
    ctx.files.set(doc.ann, bytes.subarray(0, at));
    // Lines wholly kept; the line cut through may still read as a line of its kind.
    let end = 0;
    const lost = { T: 0, R: 0 };
    let cutKind = '';
    for (const line of doc.lines) {
      const start = end;
      end += Buffer.byteLength(line);
      const kind = line[0] as 'T' | 'R';
      if (end <= at) {
        end++;
        continue;
      }
      if (start < at && end > at) cutKind = kind;
      if (kind in lost) lost[kind]++;
      end++;
    }
    const { annotations, relations } = ctx.base.pristine;
    return {
      expect: ifImported({
        annotations: cutKind === 'T' ? [annotations - lost.T, annotations - lost.T + 1] : annotations - lost.T,
        relations: cutKind === 'R' ? [relations - lost.R, relations - lost.R + 1] : relations - lost.R,
      }),
    };
  },
  cutTxt: (ctx) => {
    const doc = ctx.base.docs[ctx.doc()] as Doc;
    const bytes = ctx.files.get(doc.txt) as Buffer;
    ctx.files.set(doc.txt, bytes.subarray(0, 1 + ctx.rng.int(bytes.length - 1)));
    return { expect: sameIfImported(ctx) };
  },
  invalidUtf8: (ctx) => {
    const name = someDataFile(ctx);
    damage(ctx, name, ctx.rng.pick(INVALID_UTF8));
    return { expect: name === SIDE && ctx.mode === 'none' ? same(ctx) : REFUSED };
  },
  rawSurrogate: (ctx) => {
    const name = someDataFile(ctx);
    damage(ctx, name, ctx.rng.pick(WTF8_SURROGATES));
    return { expect: name === SIDE && ctx.mode === 'none' ? same(ctx) : REFUSED };
  },
  bom: (ctx) => {
    const name = someDataFile(ctx);
    damage(ctx, name, BOM, 0);
    return { expect: same(ctx) };
  },
  nulByte: (ctx) => {
    const doc = ctx.base.docs[ctx.doc()] as Doc;
    damage(ctx, ctx.rng.pick([doc.txt, doc.ann]), [0]);
    return { expect: REFUSED };
  },
  annLineEnds: (ctx) => {
    const d = ctx.doc();
    const style = ctx.rng.pick<LineEnds>(['crlf', 'cr', 'mixed']);
    ctx.files.set(ctx.base.docs[d]!.ann, Buffer.from(joinLines(ctx.lines(d), style, ctx.rng)));
    return { expect: same(ctx) };
  },
  txtLineEnds: (ctx) => {
    const doc = ctx.base.docs[ctx.doc()] as Doc;
    const style = ctx.rng.pick<LineEnds>(['crlf', 'cr', 'mixed']);
    const lines = doc.text.split('\n');
    const last = lines.pop() as string;
    ctx.files.set(doc.txt, Buffer.from(joinLines(lines, style, ctx.rng) + last));
    // CR for LF keeps every offset; CRLF adds a character at each line break.
    return { expect: style === 'cr' ? same(ctx) : sameIfImported(ctx) };
  },
  tArity: (ctx) => {
    const { d, lines, i } = ctx.pick('T');
    const t = parseT(lines[i] as string);
    lines[i] = ctx.rng.pick([
      `${t.id}\t${t.type} ${t.pairs.map((p) => p.join(' ')).join(';')} ${t.text}`,
      `${t.id}\t${t.type}\t${t.text}`,
      `${t.id}\t${t.type} ${t.pairs[0]![0]}\t${t.text}`,
      `${t.id}\t${t.type} ${t.pairs[0]![0]} ${t.pairs[0]![1]} ${t.pairs[0]![1]}\t${t.text}`,
      `${lines[i]}\textra`,
      `${t.id} ${t.type} ${t.pairs[0]![0]} ${t.pairs[0]![1]}`,
      `${t.id}\t ${t.pairs[0]![0]} ${t.pairs[0]![1]}\t${t.text}`,
    ]);
    ctx.setLines(d, lines);
    return { expect: REFUSED };
  },
  rArity: (ctx) => {
    const { d, lines, i } = ctx.pick('R');
    const [id, rest] = lines[i]!.split('\t') as [string, string];
    const [type, a, b] = rest.split(' ') as [string, string, string];
    lines[i] = ctx.rng.pick([
      `${id}\t${type} ${a}`,
      `${id}\t${type} ${a} ${b} ${b}`,
      `${id}\t${a} ${b}`,
      `${id}\t${type}`,
    ]);
    ctx.setLines(d, lines);
    return { expect: REFUSED };
  },
  missingRef: (ctx) => {
    const { d, lines, i } = ctx.pick(ctx.rng.pick(['R', 'A', 'N', '#']));
    const missing = ctx.rng.pick(['T99', 'R99', 'E1', 'T0', 't1']);
    // The reference is the second token of the line's annotation part (R: either argument).
    const [id, rest, ...more] = lines[i]!.split('\t') as [string, string, ...string[]];
    const tokens = rest.split(' ');
    if (id.startsWith('R')) {
      const k = 1 + ctx.rng.int(2);
      tokens[k] = `${tokens[k]!.split(':')[0]}:${missing}`;
    } else tokens[1] = missing;
    lines[i] = [id, tokens.join(' '), ...more].join('\t');
    ctx.setLines(d, lines);
    return { expect: REFUSED };
  },
  duplicateId: (ctx) => {
    const { d, lines, i } = ctx.pick(ctx.rng.pick(['T', 'R', 'A', 'N', '#']));
    const copy = lines[i] as string;
    if (copy.startsWith('T') && ctx.rng.chance(0.5)) {
      // The same id on another span.
      const t = parseT(copy);
      const other = parseT(lines[ctx.line(d, 'T')] as string);
      lines.push(tLine(t.id, t.type, other.pairs, other.text));
    } else lines.splice(ctx.rng.int(lines.length + 1), 0, copy);
    ctx.setLines(d, lines);
    return { expect: REFUSED };
  },
  spanText: (ctx) => {
    const { d, lines, i } = ctx.pick('T');
    const t = parseT(lines[i] as string);
    const chars = Array.from(t.text);
    const k = ctx.rng.int(chars.length);
    chars[k] = chars[k] === 'x' ? 'y' : 'x';
    lines[i] = tLine(t.id, t.type, t.pairs, ctx.rng.pick([chars.join(''), t.text + ' ', t.text.toUpperCase() + 'x']));
    ctx.setLines(d, lines);
    return { expect: REFUSED };
  },
  offsets: (ctx) => {
    const { d, lines, i } = ctx.pick('T');
    const doc = ctx.base.docs[d] as Doc;
    const t = parseT(lines[i] as string);
    const length = Array.from(doc.text).length;
    const variant = ctx.rng.pick(['swapped', 'negative', 'notNumber', 'outOfRange', 'utf16', 'overlap', 'many']);
    let expect: Expect = REFUSED;
    switch (variant) {
      case 'swapped':
        lines[i] = tLine(
          t.id,
          t.type,
          t.pairs.map(([s, e]) => [e, s]),
          t.text,
        );
        break;
      case 'negative':
        lines[i] = tLine(t.id, t.type, [[-1, t.pairs[0]![1]], ...t.pairs.slice(1)], t.text);
        break;
      case 'notNumber':
        lines[i] = tLine(t.id, t.type, [[ctx.rng.pick(['x', '1e3', '0x1', '5.0', '٣']), t.pairs[0]![1]]], t.text);
        break;
      case 'outOfRange': {
        const pairs: Array<[number, number]> = [[length - 1, length + ctx.rng.pick([1, 100, 2 ** 53])]];
        lines[i] = tLine(t.id, t.type, pairs, statedText(doc, pairs));
        break;
      }
      case 'utf16': {
        const cp = new OffsetConverter(doc.text);
        const units = t.pairs.map(([s, e]) => [cp.toUtf16(s), cp.toUtf16(e)] as [number, number]);
        lines[i] = tLine(t.id, t.type, units, t.text);
        if (units.every(([s, e], k) => s === t.pairs[k]![0] && e === t.pairs[k]![1])) expect = same(ctx);
        break;
      }
      case 'overlap': {
        const [s, e] = t.pairs[0]!;
        const pairs: Array<[number, number]> = [
          [s, e],
          [s + Math.floor((e - s) / 2), e + 1],
        ];
        lines[i] = tLine(t.id, t.type, pairs, statedText(doc, pairs));
        expect = sameIfImported(ctx);
        break;
      }
      default: {
        const pairs = Array.from({ length: 1001 }, () => t.pairs[0]!);
        lines[i] = tLine(t.id, t.type, pairs, statedText(doc, pairs));
      }
    }
    ctx.setLines(d, lines);
    return { expect };
  },
  annWithoutTxt: (ctx) => {
    ctx.files.delete(ctx.base.docs[ctx.doc()]!.txt);
    return { expect: REFUSED };
  },
  txtWithoutAnn: (ctx) => {
    const doc = ctx.base.docs[ctx.doc()] as Doc;
    ctx.files.delete(doc.ann);
    const { pristine } = ctx.base;
    return {
      expect: {
        outcome: 'imported',
        counts: {
          documents: 2,
          annotations: pristine.annotations - countOf(doc.lines, 'T'),
          relations: pristine.relations - countOf(doc.lines, 'R'),
        },
      },
    };
  },
  strayFiles: (ctx) => {
    const extra = ctx.rng.pick(['notes.txt', 'sub/orphan.ann', 'sub/extra.txt', 'README.md']);
    ctx.files.set(extra, Buffer.from(extra.endsWith('.ann') ? 'T1\tPlace 0 4\tThis\n' : 'This is another text.\n'));
    if (extra === 'README.md') return { expect: same(ctx) };
    if (extra.endsWith('.ann')) return { expect: REFUSED };
    // Any .txt is a document; the manifest must list it.
    return {
      expect: ctx.mode === 'none' ? { outcome: 'imported', counts: { ...ctx.base.pristine, documents: 3 } } : REFUSED,
    };
  },
  overlong: (ctx) => {
    const d = ctx.doc();
    const lines = ctx.lines(d);
    const t = parseT(lines[ctx.line(d, 'T')] as string);
    const variant = ctx.rng.pick(['type', 'attributeValue', 'attributeName', 'note', 'link', 'externalId']);
    const x = (n: number) => 'x'.repeat(n);
    lines.push(
      variant === 'type'
        ? tLine('T900', `L${x(100)}`, t.pairs, t.text)
        : variant === 'attributeValue'
          ? `A900\tfuzz ${t.id} ${x(1001)}`
          : variant === 'attributeName'
            ? `A900\tf${x(100)} ${t.id} v`
            : variant === 'note'
              ? `#900\tAnnotatorNotes ${t.id}\t${x(20_001)}`
              : variant === 'link'
                ? `N900\tReference ${t.id} triangulate-entity:${x(201)}\tx`
                : `N900\tReference ${t.id} Wikidata:Q${x(300)}\tx`,
    );
    ctx.setLines(d, lines);
    return { expect: REFUSED };
  },
  manyLabels: (ctx) => {
    const d = ctx.doc();
    const doc = ctx.base.docs[d] as Doc;
    const n = ctx.rng.pick([50, 199, 250]);
    const lines = ctx.lines(d);
    for (let i = 0; i < n; i++) lines.push(tLine(`T${1000 + i}`, `Fuzz_label_${i}`, [[0, 1]], cpSlice(doc, 0, 1)));
    ctx.setLines(d, lines);
    const { pristine } = ctx.base;
    // The key figure label is not a default one: the import creates it too.
    return { expect: n + 1 > 200 ? REFUSED : ifImported({ ...pristine, annotations: pristine.annotations + n }) };
  },
  eventsAndSets: (ctx) => {
    const d = ctx.doc();
    const lines = ctx.lines(d);
    const ids = lines.filter((l) => l.startsWith('T')).map((l) => l.split('\t')[0] as string);
    const [a, b, c] = [ids[0], ids[1], ids[2]] as [string, string, string];
    const variant = ctx.rng.pick(['event', 'set', 'eventMissing', 'setShort']);
    const { pristine } = ctx.base;
    if (variant === 'event') lines.push(`E1\tEvent:${a} Theme:${b} Cause2:${c}`);
    else if (variant === 'set') lines.push(`*\tEquiv ${a} ${b} ${c}`);
    else if (variant === 'eventMissing') lines.push(`E1\tEvent:T99 Theme:${b}`);
    else lines.push(`*\tEquiv ${a}`);
    ctx.setLines(d, lines);
    return {
      expect:
        variant === 'event' || variant === 'set'
          ? ifImported({ ...pristine, relations: pristine.relations + 2 })
          : REFUSED,
    };
  },
  unknownLine: (ctx) => {
    const d = ctx.doc();
    const lines = ctx.lines(d);
    lines.splice(
      ctx.rng.int(lines.length + 1),
      0,
      ctx.rng.pick(['X1\tfoo 0 1', 't1\tPlace 0 1\tR', '\tPlace 0 1\tR', 'T1']),
    );
    ctx.setLines(d, lines);
    return { expect: REFUSED };
  },
  sideFile: (ctx) => {
    const records = (ctx.files.get(SIDE) as Buffer).toString('utf8').trimEnd().split('\n');
    const r = ctx.rng.int(records.length);
    const record = JSON.parse(records[r] as string) as {
      T: Record<string, unknown[]>;
      R: Record<string, unknown[]>;
    };
    const tIds = Object.keys(record.T);
    const facts = record.T[ctx.rng.pick(tIds)] as unknown[];
    const variant = ctx.rng.pick(['duplicateId', 'timestamp', 'fragments', 'json', 'surrogate', 'longAuthor']);
    let raw: string | null = null;
    if (variant === 'duplicateId')
      facts[0] =
        record.T[tIds[0] as string]![0] === facts[0]
          ? record.T[tIds[1] as string]![0]
          : record.T[tIds[0] as string]![0];
    else if (variant === 'timestamp') facts[ctx.rng.pick([2, 3])] = ctx.rng.pick(BAD_TIMESTAMPS);
    else if (variant === 'fragments')
      facts[4] = ctx.rng.pick([[[5, 3]], [['a', 1]], [[0, 1e9]], [[-1, 2]], 'x', [[0]]]);
    else if (variant === 'longAuthor') facts[1] = 'a'.repeat(201);
    else if (variant === 'json') raw = (records[r] as string).slice(0, -1 - ctx.rng.int(20));
    else raw = (records[r] as string).replace('"root"', '"ro\\udc00ot"');
    records[r] = raw ?? JSON.stringify(record);
    ctx.files.set(SIDE, Buffer.from(records.join('\n') + '\n'));
    // Without the manifest the side file is not read.
    return { expect: ctx.mode === 'none' ? same(ctx) : REFUSED };
  },
};
const fixture = corpusFixture('triangulate-fuzz-brat-');
let target: FuzzTarget;
let base: Base;

beforeAll(async () => {
  const out = await fixture.exported('brat', 'brat');
  const files = new Map<string, Buffer>();
  for (const name of fs.readdirSync(out))
    if (name !== 'manifest.json') files.set(name, fs.readFileSync(path.join(out, name)));
  const manifest = fs.readFileSync(path.join(out, 'manifest.json'), 'utf8');
  const docs = [...files.keys()]
    .filter((name) => name.endsWith('.ann'))
    .sort()
    .map((ann) => {
      const txt = ann.replace(/\.ann$/, '.txt');
      return {
        ann,
        txt,
        text: files.get(txt)!.toString('utf8'),
        chars: Array.from(files.get(txt)!.toString('utf8')),
        lines: files.get(ann)!.toString('utf8').trimEnd().split('\n'),
      };
    });
  const counts = (JSON.parse(manifest) as { counts: Counts }).counts;
  // Read as another tool's files, the folder holds as much: no two T lines alike, no relation across documents.
  const all = docs.flatMap((d) => d.lines);
  expect(countOf(all, 'T')).toBe(counts.annotations);
  const spans = docs.flatMap((d, i) => d.lines.filter((l) => l.startsWith('T')).map((l) => `${i} ${l.split('\t')[1]}`));
  expect(new Set(spans).size).toBe(counts.annotations);
  expect(countOf(all, 'R')).toBe(counts.relations);
  target = fixture.target();
  base = {
    files,
    docs,
    manifest,
    pristine: { documents: counts.documents, annotations: counts.annotations, relations: counts.relations },
    snapshots: await pristineSnapshots(target, 'brat', out, path.join(out, 'manifest.json')),
  };
});

/** The files an import reads: the .txt and .ann files and the side file. */
const readFiles = (files: Map<string, Buffer>) =>
  [...files].filter(([name]) => /\.(txt|ann)$|^triangulate\.jsonl$/.test(name));

describe('generated malformed-import corpus (brat)', () => {
  corpusTest(
    fixture,
    `${CASES} seeded cases: exact counts on success, a coded error, no write and a short excerpt on failure`,
    () => ({
      seed: SEED,
      cases: CASES,
      kinds: Object.keys(MUTATIONS),
      format: 'brat',
      target,
      manifests: true,
      make: (kind, rng, mode) => {
        const edited = new Map<number, string[]>();
        const ctx: Context = {
          base,
          rng,
          mode,
          files: new Map(base.files),
          doc: () => rng.int(base.docs.length),
          lines: (d) => [...(edited.get(d) ?? base.docs[d]!.lines)],
          setLines: (d, lines) => {
            edited.set(d, [...lines]);
            ctx.files.set(base.docs[d]!.ann, Buffer.from(lines.join('\n') + '\n'));
          },
          line: (d, kinds) => {
            const candidates = ctx.lines(d).flatMap((l, i) => (kinds.includes(l[0] as string) ? [i] : []));
            return candidates.length ? rng.pick(candidates) : -1;
          },
          pick: (kinds) => {
            const d = ctx.doc();
            return { d, lines: ctx.lines(d), i: ctx.line(d, kinds) };
          },
        };
        const made = MUTATIONS[kind]!(ctx);
        const [now, was] = [readFiles(ctx.files), readFiles(base.files)];
        const c = manifestCase(base, mode, {
          files: new Map(ctx.files),
          manifestName: 'manifest.json',
          path: made.target ?? '',
          expect: made.expect,
          changed: now.length !== was.length || now.some(([name, bytes]) => !base.files.get(name)?.equals(bytes)),
          checked: ['documents', 'annotations', 'relations'],
        });
        // A single .ann or .txt is read as another tool's: without the manifest.
        return made.target ? { ...c, expect: made.expect, note: `${c.note ?? ''}, one file` } : c;
      },
    }),
  );
});
