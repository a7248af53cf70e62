/**
 * CoNLL (BIO tags, CoNLL-2003 columns): `TOKEN POS CHUNK TAG…` separated by spaces, `-X-` and `_`
 * in the POS and chunk columns, `-DOCSTART- -X- -X- O` and a blank line before each document, a
 * blank line after each sentence.
 *
 * Overlap policy (nothing is dropped): annotations go into layers, one tag column per layer.
 * Taken in order of first token (longer first on ties), each annotation goes into the first layer
 * where it overlaps no annotation already there (greedy interval colouring: the fewest columns
 * that hold every span), so nested and overlapping spans go to the next columns. Every line has as many tag columns as the export's busiest
 * document needs (`O` where a layer is empty). Each fragment of a discontinuous annotation starts
 * with `B-`. Tokens are cut at span boundaries and sentences never break inside a span (see
 * tokenize.ts). An annotation of white space only has no token; the manifest counts those under
 * `details.omitted`.
 *
 * Import reads these files back (with the manifest, onto the workspace's documents, aligning
 * tokens to their text) and other CoNLL/IOB files (tab- or space-separated; the tag is the last
 * column of 2- and 3-column files and columns 4 onwards otherwise; IOB1, IOB2, BIOES and BILUO).
 */
import path from 'node:path';
import type { Fragment } from '../../../common/domain.js';
import type { ImportSink } from '../import-sink.js';
import { readLines } from '../input.js';
import { excerpt, invalidFile, invalidRange, type Manifest, type Where } from '../model.js';
import type { OutputFile } from '../output.js';
import { sentenceStarts, tokenize, tokenRange, type Token } from '../tokenize.js';
import { decodeFragments } from '../../rows.js';
import {
  applyManifest,
  canonicalFragments,
  closeInto,
  documentMeta,
  sourceDocument,
  type ExportContext,
  type FormatExporter,
} from './common.js';

const DOCSTART = '-DOCSTART- -X- -X-';

export function conllExporter(ctx: ExportContext): FormatExporter {
  let scratch: OutputFile;
  let maxLayers = 1;
  let omitted = 0;
  return {
    manifestTarget: `${ctx.outPath}.manifest.json`,
    begin: async () => {
      scratch = ctx.outputs.scratch(ctx.outPath);
    },
    document: async (doc) => {
      const annotations = doc.annotations.map((a) => ({ row: a, fragments: decodeFragments(a.fragments) }));
      const cuts: number[] = [];
      for (const a of annotations) for (const f of a.fragments) cuts.push(f.start, f.end);
      const tokens = tokenize(doc.text, cuts);
      const placed: Array<{ tag: string; ranges: Array<[number, number]>; first: number; last: number }> = [];
      for (const a of annotations) {
        const ranges = a.fragments.map((f) => tokenRange(tokens, f)).filter((r): r is [number, number] => r !== null);
        if (ranges.length === 0) {
          omitted++;
          continue;
        }
        const tag = ctx.labels.get(a.row.label_id)?.tag ?? a.row.label_id;
        placed.push({
          tag,
          ranges,
          first: (ranges[0] as [number, number])[0],
          last: (ranges[ranges.length - 1] as [number, number])[1],
        });
      }
      // Stable sort: by first token, longer first; the query's order breaks ties.
      const order = placed.map((p, i) => ({ p, i }));
      order.sort((x, y) => x.p.first - y.p.first || y.p.last - x.p.last || x.i - y.i);
      const layerEnds: number[] = [];
      const layers: string[][] = [];
      for (const { p } of order) {
        let layer = layerEnds.findIndex((end) => end < p.first);
        if (layer < 0) {
          layer = layerEnds.length;
          layerEnds.push(-1);
          layers.push([]);
        }
        layerEnds[layer] = p.last;
        const tags = layers[layer] as string[];
        for (const [first, last] of p.ranges) {
          tags[first] = `B-${p.tag}`;
          for (let t = first + 1; t <= last; t++) tags[t] = `I-${p.tag}`;
        }
      }
      maxLayers = Math.max(maxLayers, layers.length);
      const width = Math.max(1, layers.length);
      const starts = sentenceStarts(
        doc.text,
        tokens,
        placed.map((p) => [p.first, p.last]),
      );
      const parts: string[] = [`${DOCSTART}${' O'.repeat(width)}\n\n`];
      let next = 1;
      for (let t = 0; t < tokens.length; t++) {
        if (t > 0 && t === starts[next]) {
          parts.push('\n');
          next++;
        }
        const token = tokens[t] as Token;
        let line = `${doc.text.slice(token.start, token.end)} -X- _`;
        for (let l = 0; l < width; l++) line += ` ${layers[l]?.[t] ?? 'O'}`;
        parts.push(line + '\n');
      }
      if (tokens.length > 0) parts.push('\n');
      scratch.write(parts.join(''));
      await scratch.pump();
    },
    end: async () => {
      await scratch.close();
      const out = ctx.outputs.open(ctx.outPath);
      const columns = 3 + maxLayers;
      let count = 0;
      for (const { text } of readLines(scratch.tempPath)) {
        if (text) {
          const have = text.split(' ').length;
          out.write(text + ' O'.repeat(columns - have) + '\n');
        } else out.write('\n');
        if (++count % 10000 === 0) {
          await out.pump();
          await ctx.progress.yield();
        }
      }
      await closeInto(ctx.facts, out, path.basename(ctx.outPath));
      ctx.facts.details = {
        columns: ['token', 'pos', 'chunk', ...Array.from({ length: maxLayers }, (_, i) => `layer${i + 1}`)],
        layers: maxLayers,
        omitted,
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Import

interface Row {
  token: string;
  tags: string[];
  line: number;
}

interface Block {
  sentences: Row[][];
  line: number;
}

const TAG = /^(?:O|([BIESLU])[-_](.+))$/;

/** What `\s` matches in a JavaScript regular expression, by code unit (hot loop: no regex). */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Documents of a CoNLL file: split at `-DOCSTART-` lines, sentences at blank lines. */
function* blocks(file: string): Generator<Block> {
  let block: Block | null = null;
  let sentence: Row[] = [];
  const endSentence = () => {
    if (sentence.length > 0) {
      block ??= { sentences: [], line: sentence[0]?.line ?? 1 };
      block.sentences.push(sentence);
    }
    sentence = [];
  };
  for (const { text, line } of readLines(file)) {
    const trimmed = text.trim();
    if (!trimmed) {
      endSentence();
      continue;
    }
    if (trimmed.startsWith('-DOCSTART-')) {
      endSentence();
      if (block) yield block;
      block = { sentences: [], line };
      continue;
    }
    if (trimmed.startsWith('# ') && sentence.length === 0) continue;
    const columns = text.includes('\t') ? text.split('\t').map((c) => c.trim()) : trimmed.split(/\s+/);
    sentence.push({ token: columns[0] ?? '', tags: columns.slice(1), line });
  }
  endSentence();
  if (block) yield block;
}

/** Imports CoNLL / IOB files. */
export function* readConll(file: string, manifest: Manifest | null, sink: ImportSink): Generator<number> {
  const ours = manifest !== null && manifest.format === 'conll';
  if (manifest) applyManifest(sink, manifest, `${file}.manifest.json`);
  const byTag = new Map((manifest?.tagset ?? []).map((l) => [l.tag, l.name]));
  let index = 0;
  let documents = 0;
  let width: { columns: number; line: number } | null = null;
  for (const block of blocks(file)) {
    const entry = ours ? manifest.documents[index] : undefined;
    index++;
    const rows = block.sentences.flat();
    const where: Where = { file, line: block.line };
    // Which column of a row's tags holds layer `layer` (-1: none). 2 columns: the second; 3: the
    // third; more: the fourth onwards (ours: always the fourth onwards).
    const tagColumn = (row: Row, layer: number): number => {
      const n = row.tags.length + 1;
      if (!ours && n <= 3) return layer === 0 && n >= 2 ? n - 2 : -1;
      return 2 + layer < n - 1 ? 2 + layer : -1;
    };
    const layersOf = (row: Row): number => {
      const n = row.tags.length + 1;
      return !ours && n <= 3 ? (n >= 2 ? 1 : 0) : Math.max(0, n - 3);
    };
    // The text: the workspace's document (tokens aligned to it), or the tokens joined by spaces.
    const existing = entry ? sink.findDocument(entry.id) : null;
    let raw: string;
    const offsets: Token[] = [];
    if (existing) {
      raw = existing.text;
      let pos = 0;
      for (const row of rows) {
        while (pos < raw.length && isSpace(raw.charCodeAt(pos))) pos++;
        if (!raw.startsWith(row.token, pos)) {
          throw invalidRange(
            { file, line: row.line, field: 'token' },
            `the token ${excerpt(row.token)} does not match the document text at offset ${pos} (${excerpt(raw.slice(pos, pos + row.token.length))}).`,
          );
        }
        offsets.push({ start: pos, end: pos + row.token.length });
        pos += row.token.length;
      }
      // The export has a token for every character that is not white space: tokens that stop
      // before the text does leave the rest of the document (and its spans) out.
      while (pos < raw.length && isSpace(raw.charCodeAt(pos))) pos++;
      if (pos < raw.length) {
        throw invalidFile(
          { file, line: rows[rows.length - 1]?.line ?? block.line },
          `the tokens of this document end at offset ${pos}, before its text does (${excerpt(raw.slice(pos, pos + 30))}); expected a token for every word of the document (is the file cut short?).`,
        );
      }
    } else {
      const parts: string[] = [];
      let pos = 0;
      block.sentences.forEach((sentence, s) => {
        if (s > 0) {
          parts.push('\n');
          pos++;
        }
        sentence.forEach((row, k) => {
          if (k > 0) {
            parts.push(' ');
            pos++;
          }
          parts.push(row.token);
          offsets.push({ start: pos, end: pos + row.token.length });
          pos += row.token.length;
        });
      });
      raw = parts.join('');
    }
    if (!raw.trim()) continue;
    const meta = existing
      ? {}
      : entry
        ? documentMeta(entry)
        : { title: `${path.basename(file)} #${index}`, origin: path.basename(file), metadata: { format: 'conll' } };
    const source = sourceDocument(sink, raw, where, meta);

    // Spans, column by column; a blank line (sentence end) closes any open span.
    let count = 0;
    let layerCount = 0;
    for (const row of rows) layerCount = Math.max(layerCount, layersOf(row));
    for (let layer = 0; layer < layerCount; layer++) {
      let open: { type: string; first: number; line: number } | null = null;
      let rowIndex = 0;
      const close = (last: number) => {
        if (!open) return;
        const fragment: Fragment = {
          start: (offsets[open.first] as Token).start,
          end: (offsets[last] as Token).end,
        };
        const w = { file, line: open.line, field: `tag ${layer + 1}` };
        sink.annotation({
          where: w,
          documentId: source.docId,
          text: source.canonical.text,
          label: byTag.get(open.type) ?? open.type,
          fragments: canonicalFragments(source, [fragment], w),
        });
        count++;
        open = null;
      };
      for (const sentence of block.sentences) {
        for (const row of sentence) {
          const column = tagColumn(row, layer);
          const tag = column < 0 ? 'O' : (row.tags[column] ?? 'O');
          if (tag === 'O') {
            close(rowIndex - 1);
            rowIndex++;
            continue;
          }
          const m = TAG.exec(tag);
          if (!m) {
            throw invalidFile(
              { file, line: row.line, field: `column ${column + 2}` },
              `expected a BIO tag (O, B-TYPE, I-TYPE, …), found ${excerpt(tag)}.`,
            );
          }
          const [, prefix, type] = m;
          if (!prefix || !type) {
            close(rowIndex - 1);
          } else if (prefix === 'B' || prefix === 'S' || prefix === 'U' || !open || open.type !== type) {
            close(rowIndex - 1);
            open = { type, first: rowIndex, line: row.line };
          }
          if (prefix === 'E' || prefix === 'L' || prefix === 'S' || prefix === 'U') close(rowIndex);
          rowIndex++;
        }
        close(rowIndex - 1);
      }
    }
    // Every token line of a CoNLL file has the same columns; a shorter line is a cut or broken one.
    for (const row of rows) {
      if (!width) width = { columns: row.tags.length + 1, line: row.line };
      else if (row.tags.length + 1 !== width.columns) {
        throw invalidFile(
          { file, line: row.line },
          `the line has ${row.tags.length + 1} column(s) but line ${width.line} has ${width.columns}; expected the same columns on every token line (is the file cut short?).`,
        );
      }
    }
    documents++;
    yield count + 1;
  }
  if (documents === 0) {
    throw invalidFile({ file }, 'holds no tokens; expected CoNLL lines (TOKEN … TAG), one token per line.');
  }
}
