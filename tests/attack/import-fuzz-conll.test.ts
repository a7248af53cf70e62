/**
 * A generated malformed-import corpus for CoNLL ("Trust" issue): the app's own CoNLL export of two
 * documents (one mixed-script with characters outside the BMP; four tag columns for the nested
 * and overlapping spans), damaged the ways broken or hostile CoNLL files are: cut at a random
 * byte, invalid UTF-8 and raw lone surrogates, byte-order marks, other line ends, NUL bytes, lines
 * with a column more or less, a tag column dropped, `I-` without `B-`, tags that are not BIO tags
 * or name labels over the API's limits, tokens that are not in the document's text, documents of
 * blank lines only, comment lines, sentence breaks moved, hundreds of new labels, a document
 * repeated. The manifest is removed (the file read as another tool's: texts made of the tokens),
 * resealed (tokens aligned onto the workspace's documents) or left stale. Counts are predicted by
 * a small model of BIO tagging written here, not by the reader. Each case runs through the
 * harness's check (see fuzz-harness.ts).
 */
import fs from 'node:fs';
import { beforeAll, describe, expect } from 'vitest';
import {
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
  withDocuments,
  type Counts,
  type Expect,
  type FuzzTarget,
  type LineEnds,
  type MutationContext,
  type PristineExport,
} from './fuzz-harness.js';

const SEED = 0xc0e1;
const CASES = 800;

/**
 * The spans and documents a CoNLL file holds, by BIO semantics (IOB1 and IOB2: an `I-` after `O`
 * or after another type starts a span), tag columns from the fourth on, spans closed at sentence
 * ends; the same span twice in a document counts once.
 */
function model(text: string): { documents: number; annotations: number } {
  let documents = 0;
  let annotations = 0;
  let rows: string[][] = [];
  const flush = () => {
    if (rows.some((r) => r.length > 0)) documents++;
    const spans = new Set<string>();
    const width = Math.max(0, ...rows.map((r) => r.length));
    for (let column = 3; column < width; column++) {
      let open: { type: string; first: number } | null = null;
      let index = 0;
      const close = (last: number) => {
        if (open) spans.add(`${open.type}|${open.first}|${last}`);
        open = null;
      };
      for (const row of rows) {
        if (row.length === 0) {
          close(index - 1);
          continue;
        }
        const tag = row[column] ?? 'O';
        const m = /^([BIESLU])[-_](.+)$/.exec(tag);
        if (!m) close(index - 1);
        else {
          const [, prefix, type] = m as unknown as [string, string, string];
          const current = open as { type: string } | null;
          if ('BSU'.includes(prefix) || !current || current.type !== type) {
            close(index - 1);
            open = { type, first: index };
          }
          if ('ELSU'.includes(prefix)) close(index);
        }
        index++;
      }
      close(index - 1);
    }
    annotations += spans.size;
    rows = [];
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('-DOCSTART-')) flush();
    else if (!trimmed) rows.push([]);
    else if (!(trimmed.startsWith('# ') && (rows.length === 0 || rows[rows.length - 1]!.length === 0)))
      rows.push(line.includes('\t') ? line.split('\t').map((c) => c.trim()) : trimmed.split(/\s+/));
  }
  flush();
  return { documents, annotations };
}

interface Base extends PristineExport {
  bytes: Buffer;
  lines: string[];
}

interface Context extends MutationContext<Base> {
  /** A copy of the lines (without line ends), to change. */
  lines: string[];
  /** A random token line's index. */
  tokenLine(): number;
  /** The file with `lines`, LF line ends. */
  file(): string;
}

interface Made {
  data: Buffer | string;
  expect: Expect;
}

const isToken = (line: string) => line.trim() !== '' && !line.startsWith('-DOCSTART-');
const counts = (text: string): Counts => ({ ...model(text), relations: 0 });
/** Imports with the counts the model gives the file. */
const modelled = (text: string): Expect => ({ outcome: 'imported', counts: counts(text) });
const same = (ctx: Context): Expect => ({ outcome: 'imported', counts: ctx.base.pristine, same: true });
/** The pristine counts, the text or its spans changed (new tokens, new line breaks). */
const sameCounts = (ctx: Context): Expect => ({ outcome: 'imported', counts: ctx.base.pristine });

const MUTATIONS: Record<string, (ctx: Context) => Made> = {
  none: (ctx) => ({ data: ctx.base.bytes, expect: same(ctx) }),
  cutAtByte: (ctx) => {
    const at = 1 + ctx.rng.int(ctx.base.bytes.length - 1);
    const data = ctx.base.bytes.subarray(0, at);
    // Only whole lines may import: the line cut through has fewer columns than the others.
    const kept = data.toString('utf8');
    const whole = kept.slice(0, kept.lastIndexOf('\n') + 1);
    const cutToken = isToken(kept.slice(whole.length));
    const lost = model(whole).annotations < ctx.base.pristine.annotations || cutToken;
    // Read onto the workspace's documents (with the manifest), tokens must cover each document.
    if (ctx.mode === 'resealed') return { data, expect: lost ? REFUSED : EITHER };
    return { data, expect: cutToken ? EITHER : ifImported(counts(whole)) };
  },
  invalidUtf8: (ctx) => ({
    data: insertBytes(ctx.base.bytes, ctx.rng.int(ctx.base.bytes.length + 1), ctx.rng.pick(INVALID_UTF8)),
    expect: REFUSED,
  }),
  rawSurrogate: (ctx) => ({
    data: insertBytes(ctx.base.bytes, ctx.rng.int(ctx.base.bytes.length + 1), ctx.rng.pick(WTF8_SURROGATES)),
    expect: REFUSED,
  }),
  bom: (ctx) => ({ data: Buffer.concat([BOM, ctx.base.bytes]), expect: same(ctx) }),
  lineEnds: (ctx) => ({
    data: joinLines(ctx.lines, ctx.rng.pick<LineEnds>(['crlf', 'cr', 'mixed']), ctx.rng),
    expect: same(ctx),
  }),
  nulByte: (ctx) => {
    const at = ctx.rng.int(ctx.base.bytes.length + 1);
    // A NUL in the first 8 KiB marks a binary file.
    return { data: insertBytes(ctx.base.bytes, at, [0]), expect: at < 8192 ? REFUSED : EITHER };
  },
  columnCount: (ctx) => {
    const i = ctx.tokenLine();
    const columns = ctx.lines[i]!.split(' ');
    if (ctx.rng.chance(0.5)) columns.splice(1 + ctx.rng.int(columns.length - 1), 1);
    else columns.splice(1 + ctx.rng.int(columns.length), 0, ctx.rng.pick(['O', '_', 'B-Place']));
    ctx.lines[i] = columns.join(' ');
    return { data: ctx.file(), expect: REFUSED };
  },
  dropTagColumn: (ctx) => {
    const column = 3 + ctx.rng.int(4);
    ctx.lines = ctx.lines.map((line) =>
      line.trim()
        ? line
            .split(' ')
            .filter((_, k) => k !== column)
            .join(' ')
        : line,
    );
    // Another reader's file: whatever the columns now say. Ours: the document count is the check.
    return { data: ctx.file(), expect: modelled(ctx.file()) };
  },
  iWithoutB: (ctx) => {
    const begins = ctx.lines.flatMap((line, i) => (/ B-/.test(line) ? [i] : []));
    const i = ctx.rng.pick(begins);
    const columns = ctx.lines[i]!.split(' ');
    const column = ctx.rng.pick(columns.flatMap((c, k) => (c.startsWith('B-') ? [k] : [])));
    columns[column] = `I-${columns[column]!.slice(2)}`;
    ctx.lines[i] = columns.join(' ');
    // An I- after O starts a span (IOB1); after the same type it continues that span.
    return { data: ctx.file(), expect: modelled(ctx.file()) };
  },
  badTag: (ctx) => {
    const i = ctx.tokenLine();
    const columns = ctx.lines[i]!.split(' ');
    columns[3 + ctx.rng.int(4)] = ctx.rng.pick([
      'B-',
      'X-Place',
      'b-Place',
      'B_',
      'O-Place',
      `B-L${'x'.repeat(100)}`,
      'B-\u200b',
      '-',
    ]);
    ctx.lines[i] = columns.join(' ');
    return { data: ctx.file(), expect: REFUSED };
  },
  tokenChanged: (ctx) => {
    const i = ctx.tokenLine();
    const [token, ...rest] = ctx.lines[i]!.split(' ') as [string, ...string[]];
    const changed = ctx.rng.pick([
      `${token}x`,
      token.toUpperCase() === token ? `${token}Y` : token.toUpperCase(),
      'x'.repeat(10_000),
    ]);
    ctx.lines[i] = [changed, ...rest].join(' ');
    // Aligned onto the workspace's document the token is not there; read as another tool's, it makes a new text.
    return { data: ctx.file(), expect: ctx.mode === 'resealed' ? REFUSED : sameCounts(ctx) };
  },
  blankDocument: (ctx) => {
    const starts = ctx.lines.flatMap((line, i) => (line.startsWith('-DOCSTART-') ? [i] : []));
    const at = ctx.rng.pick([...starts, ctx.lines.length]);
    ctx.lines.splice(at, 0, '-DOCSTART- -X- -X- O O O O', '', ctx.rng.pick(['', ' ', '\t', '   \t ']), '');
    // Read onto the workspace's documents, a blank document before another takes that document's place.
    return { data: ctx.file(), expect: ctx.mode === 'resealed' && at < ctx.lines.length - 4 ? REFUSED : same(ctx) };
  },
  commentLines: (ctx) => {
    // At the start of a sentence a "# " line is a comment; inside one it is a token line of two columns.
    const sentenceStarts = ctx.lines.flatMap((line, i) =>
      i > 0 && isToken(line) && !ctx.lines[i - 1]!.trim() ? [i] : [],
    );
    const inside = ctx.rng.chance(0.3);
    const at = inside ? ctx.tokenLine() + 1 : ctx.rng.pick(sentenceStarts);
    const insideSentence = inside && isToken(ctx.lines[at] ?? '') && isToken(ctx.lines[at - 1] ?? '');
    ctx.lines.splice(at, 0, ctx.rng.pick(['# sent_id = 1', '# text = Iraq said', '# newdoc']));
    return { data: ctx.file(), expect: insideSentence ? REFUSED : same(ctx) };
  },
  tabs: (ctx) => {
    if (ctx.rng.chance(0.5)) ctx.lines = ctx.lines.map((line) => line.replace(/ /g, '\t'));
    else {
      const i = ctx.tokenLine();
      ctx.lines[i] = ctx.lines[i]!.replace(/ /g, '\t');
    }
    return { data: ctx.file(), expect: same(ctx) };
  },
  halfTabbed: (ctx) => {
    const i = ctx.tokenLine();
    ctx.lines[i] = ctx.lines[i]!.replace(' ', '\t');
    return { data: ctx.file(), expect: REFUSED };
  },
  sentenceBreaks: (ctx) => {
    if (ctx.rng.chance(0.5)) {
      // No sentence breaks: spans never cross one, so nothing changes.
      ctx.lines = ctx.lines.filter((line, i) => line.trim() || ctx.lines[i - 1]?.startsWith('-DOCSTART-'));
      return { data: ctx.file(), expect: sameCounts(ctx) };
    }
    // A break inside a span cuts it in two.
    ctx.lines.splice(ctx.tokenLine() + 1, 0, '');
    return { data: ctx.file(), expect: modelled(ctx.file()) };
  },
  manyLabels: (ctx) => {
    const n = ctx.rng.pick([50, 250]);
    const free = ctx.lines.flatMap((line, i) => (isToken(line) && line.endsWith(' O') ? [i] : []));
    for (let k = 0; k < n && k < free.length; k++) {
      const i = free[k] as number;
      ctx.lines[i] = `${ctx.lines[i]!.slice(0, -1)}B-Fuzz_label_${k}`;
    }
    return { data: ctx.file(), expect: n > 200 ? REFUSED : modelled(ctx.file()) };
  },
  repeatedDocument: (ctx) => {
    const second = ctx.lines.findIndex((line, i) => i > 0 && line.startsWith('-DOCSTART-'));
    ctx.lines.push(...ctx.lines.slice(second));
    // Another tool's file: the same text twice is one document. Ours: one document more than the manifest lists.
    return { data: ctx.file(), expect: ctx.mode === 'resealed' ? REFUSED : same(ctx) };
  },
  noTokens: (ctx) => ({
    data: ctx.rng.pick([
      '-DOCSTART- -X- -X- O O O O\n\n',
      '-DOCSTART- -X- -X- O\n\n# a comment\n\n',
      '\n-DOCSTART-\n \n',
    ]),
    expect: REFUSED,
  }),
};
const fixture = corpusFixture('triangulate-fuzz-conll-');
let target: FuzzTarget;
let base: Base;

beforeAll(async () => {
  const out = await fixture.exported('conll', 'data.conll');
  const bytes = fs.readFileSync(out);
  const text = bytes.toString('utf8');
  const pristine = counts(text);
  expect(pristine.documents).toBe(2);
  target = fixture.target(withDocuments(fixture.source));
  base = {
    bytes,
    lines: text.replace(/\n$/, '').split('\n'),
    manifest: fs.readFileSync(`${out}.manifest.json`, 'utf8'),
    pristine,
    snapshots: await pristineSnapshots(target, 'conll', out, `${out}.manifest.json`),
  };
  expect(base.lines.filter((l) => l.includes(' B-')).length).toBeGreaterThan(10);
});

describe('generated malformed-import corpus (CoNLL)', () => {
  corpusTest(
    fixture,
    `${CASES} seeded cases: counts as the file's tags say on success, a coded error, no write and a short excerpt on failure`,
    () => ({
      seed: SEED,
      cases: CASES,
      kinds: Object.keys(MUTATIONS),
      format: 'conll',
      target,
      manifests: true,
      make: (kind, rng, mode) => {
        const ctx: Context = {
          base,
          rng,
          mode,
          lines: [...base.lines],
          tokenLine: () => rng.pick(ctx.lines.flatMap((line, i) => (isToken(line) ? [i] : []))),
          file: () => ctx.lines.join('\n') + '\n',
        };
        const made = MUTATIONS[kind]!(ctx);
        const data = typeof made.data === 'string' ? Buffer.from(made.data) : made.data;
        return manifestCase(base, mode, {
          files: new Map([['data.conll', data]]),
          manifestName: 'data.conll.manifest.json',
          path: 'data.conll',
          expect: made.expect,
          changed: !data.equals(base.bytes),
          checked: ['documents'],
          // Read as another tool's file, the texts are new; with the manifest, the workspace has them.
          freshDocuments: mode === 'none',
        });
      },
    }),
  );
});
