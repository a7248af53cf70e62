/**
 * Property: whatever the text (characters outside the BMP, right-to-left scripts, combining
 * marks, CRLF line ends) and whatever the annotations (overlapping, nested, discontinuous, across
 * line breaks, white space only), exporting as JSONL, W3C (both layouts) or brat, importing into a
 * new workspace and exporting again gives identical files and identical annotations; and
 * code-point offsets written by Python-style tools over raw CRLF text land on the same characters.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATION_STATUSES } from '../../common/domain.js';
import { exportDataset, exportPaths, importDataset } from '../../db/datasets/index.js';
import { prepareDocument, writeDocuments } from '../../db/import/documents.js';
import { type Workspace } from '../../db/workspace.js';
import { tempDir } from '../helpers.js';
import { pySlice, snapshotFiles, task } from './helpers.js';
import { createAnnotation, listAnnotations } from '../../db/annotations.js';
import { listDocuments } from '../../db/documents.js';
import { createRelation, listRelations } from '../../db/relations.js';
import { openWorkspace } from '../../host/open-workspace.js';

const PIECES = [
  'Iraq',
  'the',
  'Daesh',
  ' ',
  ' ',
  '  ',
  '\r\n',
  '\n',
  '\r\n\r\n',
  '🌍',
  '😀',
  '👩‍👩‍👧',
  '𝒞',
  'بغداد',
  'שלום',
  '‏',
  'é',
  'e\u0301',
  '“',
  ',',
  '.',
  '\t',
  'ISIS',
];

const rawText = fc
  .array(fc.constantFrom(...PIECES), { minLength: 3, maxLength: 40 })
  .map((parts) => `Start ${parts.join('')} end.`);

interface Plan {
  raw: string;
  annotations: Array<{ label: string; status: string; picks: Array<[number, number]> }>;
}

const LABELS = ['claim', 'source', 'person', 'country', 'armed-group'];

const plan: fc.Arbitrary<Plan> = rawText.chain((raw) =>
  fc.record({
    raw: fc.constant(raw),
    annotations: fc.array(
      fc.record({
        label: fc.constantFrom(...LABELS),
        status: fc.constantFrom(...ANNOTATION_STATUSES),
        picks: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }),
      }),
      { maxLength: 8 },
    ),
  }),
);

/** Code-point boundaries of a text, as UTF-16 offsets. */
function boundaries(text: string): number[] {
  const out = [0];
  let i = 0;
  for (const ch of text) {
    i += ch.length;
    out.push(i);
  }
  return out;
}

/** Turns picks into valid, disjoint fragments at code-point boundaries (or none). */
function fragmentsOf(text: string, picks: Array<[number, number]>): Array<{ start: number; end: number }> {
  const b = boundaries(text);
  const raw = picks
    .map(([x, y]) => {
      const s = b[x % b.length] as number;
      const e = b[y % b.length] as number;
      return { start: Math.min(s, e), end: Math.max(s, e) };
    })
    .filter((f) => f.end > f.start)
    .sort((p, q) => p.start - q.start);
  const out: Array<{ start: number; end: number }> = [];
  for (const f of raw) {
    const last = out[out.length - 1];
    if (last && f.start <= last.end) continue;
    out.push(f);
  }
  return out;
}

let dir: string;
beforeAll(() => {
  dir = tempDir('triangulate-property-');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function build(p: Plan): Workspace {
  const ws = openWorkspace({ path: ':memory:', seed: false });
  writeDocuments(ws, [prepareDocument({ name: 'doc.txt', content: p.raw }, { title: 'Generated' })], 'done');
  const doc = listDocuments(ws)[0];
  if (!doc) throw new Error('no document');
  const text = ws.documentText(doc.id);
  const ids: string[] = [];
  for (const a of p.annotations) {
    const fragments = fragmentsOf(text, a.picks);
    if (fragments.length === 0) continue;
    ids.push(
      createAnnotation(ws, {
        documentId: doc.id,
        labelId: a.label,
        fragments,
        status: a.status as (typeof ANNOTATION_STATUSES)[number],
        note: fragments.length > 1 ? 'note\nwith\tcontrol \\ characters' : '',
      }).id,
    );
  }
  for (let i = 1; i < ids.length; i++) {
    createRelation(ws, { fromId: ids[i] as string, toId: ids[i - 1] as string, type: 'supports' });
  }
  return ws;
}

const CASES = [
  { format: 'jsonl' as const, file: 'out.jsonl' },
  { format: 'w3c' as const, file: 'out.jsonld' },
  { format: 'w3c' as const, file: 'out-lines.jsonl' },
  { format: 'brat' as const, file: 'out-brat' },
];

describe('round trips of generated texts and annotations', () => {
  for (const { format, file } of CASES) {
    it(`${format} (${file})`, async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(plan, async (p) => {
          run++;
          const source = build(p);
          const target = openWorkspace({ path: ':memory:', seed: false });
          try {
            const one = path.join(dir, `${format}-${run}-a`, file);
            const two = path.join(dir, `${format}-${run}-b`, file);
            await exportDataset(source, { format, outPath: one }, task());
            await importDataset(target, { format, path: one }, task());
            await exportDataset(target, { format, outPath: two }, task());
            const paths = (out: string) => {
              const x = exportPaths(format, out);
              return format === 'brat' ? x.data : [...x.data, x.manifest];
            };
            const a = snapshotFiles(paths(one));
            const b = snapshotFiles(paths(two));
            expect([...b.keys()]).toEqual([...a.keys()]);
            for (const [name, bytes] of a)
              expect((b.get(name) as Buffer).toString('utf8')).toBe(bytes.toString('utf8'));
            expect(listAnnotations(target, {})).toEqual(listAnnotations(source, {}));
            expect(
              listRelations(target, {})
                .map((r) => r.id)
                .sort(),
            ).toEqual(
              listRelations(source, {})
                .map((r) => r.id)
                .sort(),
            );
          } finally {
            source.close();
            target.close();
          }
        }),
        { numRuns: 30 },
      );
    });
  }
});

describe('code points over raw text from other tools', () => {
  it('doccano-style offsets into raw CRLF text select the same characters in the canonical text', async () => {
    await fc.assert(
      fc.asyncProperty(
        rawText,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 }),
        async (raw, picks) => {
          const chars = Array.from(raw);
          const spans = picks
            .map(([x, y]) => [Math.min(x, y) % chars.length, (Math.max(x, y) % chars.length) + 1] as [number, number])
            .filter(([s, e]) => e > s)
            // A span edge between CR and LF has no image in the canonical text: keep away from it.
            .filter(
              ([s, e]) =>
                !(chars[s - 1] === '\r' && chars[s] === '\n') && !(chars[e - 1] === '\r' && chars[e] === '\n'),
            );
          if (spans.length === 0) return;
          // An edge inside a decomposed é (e + U+0301) has no image either.
          if (spans.some(([s, e]) => chars[s] === '\u0301' || chars[e] === '\u0301')) return;
          const file = path.join(dir, `doccano-${Math.random().toString(36).slice(2)}.jsonl`);
          fs.writeFileSync(file, JSON.stringify({ text: raw, label: spans.map(([s, e]) => [s, e, 'X']) }) + '\n');
          const ws = openWorkspace({ path: ':memory:', seed: false });
          try {
            await importDataset(ws, { format: 'doccano', path: file }, task());
            const quotes = listAnnotations(ws, {})
              .map((a) => a.quote)
              .sort();
            const expected = [
              ...new Set(spans.map(([s, e]) => pySlice(raw, s, e).replace(/\r\n?/g, '\n').normalize('NFC'))),
            ];
            expect(quotes).toEqual(expected.sort());
          } finally {
            ws.close();
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
