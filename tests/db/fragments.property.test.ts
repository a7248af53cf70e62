/**
 * Property-based: whatever the text (non-BMP characters, combining marks, right-to-left script,
 * CRLF line endings) and whatever valid fragments, an annotation stores exactly the text it
 * covers, and what the API refuses it refuses with `invalid_range`, writing nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../common/errors.js';
import { FRAGMENT_SEPARATOR } from '../../common/anchoring/index.js';
import { normalizeText, splitsSurrogatePair } from '../../common/text.js';
import { openTestWorkspace, type TestWorkspace } from '../helpers.js';

const piece = fc.constantFrom(
  'Iraq',
  ' ',
  'IS',
  'is',
  '\r\n',
  '\n',
  '😀',
  '👩‍👩‍👧',
  '𝔘',
  'é',
  'e\u0301',
  'שלום',
  'العراق',
  '.',
  '—',
);
const rawText = fc
  .array(piece, { minLength: 1, maxLength: 60 })
  .map((parts) => 'x' + parts.join(''))
  .filter((t) => /\S/.test(t));

let t: TestWorkspace;
beforeAll(() => {
  t = openTestWorkspace({ seed: false });
});
afterAll(() => t.dispose());

let counter = 0;
async function importText(raw: string): Promise<{ id: string; text: string }> {
  const name = `doc-${counter++}.txt`;
  const result = await t.call('documents.import', { sources: [{ name, content: raw }] });
  const id = result.imported[0]?.id ?? result.skipped[0]!.documentId;
  const doc = await t.call('documents.get', { id });
  return { id, text: doc.text };
}

describe('fragments on arbitrary text', () => {
  it('import normalises CRLF and keeps every other character', async () => {
    await fc.assert(
      fc.asyncProperty(rawText, async (raw) => {
        const doc = await importText(raw);
        expect(doc.text).toBe(
          normalizeText(raw)
            .replace(/^(?:[ \t]*\n)+/, '')
            .replace(/(?:\n[ \t]*)+$/, '')
            .replace(/[ \t]+$/, ''),
        );
        expect(doc.text).not.toContain('\r');
      }),
      { numRuns: 60 },
    );
  });

  it('stores exactly the covered text for valid fragments, refuses the rest', async () => {
    await fc.assert(
      fc.asyncProperty(
        rawText,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        async (raw, pairs) => {
          const doc = await importText(raw);
          const n = doc.text.length;
          const fragments = pairs.map(([a, b]) => {
            const s = a % n;
            return { start: s, end: s + 1 + (b % (n - s)) };
          });
          const valid =
            fragments.every((f) => !splitsSurrogatePair(doc.text, f.start) && !splitsSurrogatePair(doc.text, f.end)) &&
            [...fragments]
              .sort((x, y) => x.start - y.start)
              .every((f, i, all) => i === 0 || f.start >= all[i - 1]!.end);
          const before = (await t.call('workspace.stats', {})).annotations;
          try {
            const a = await t.call('annotations.create', { documentId: doc.id, labelId: 'claim', fragments });
            expect(valid).toBe(true);
            expect(a.quote).toBe(a.fragments.map((f) => doc.text.slice(f.start, f.end)).join(FRAGMENT_SEPARATOR));
            const covered = a.fragments.reduce((sum, f) => sum + f.end - f.start, 0);
            const union = new Set(
              fragments.flatMap((f) => Array.from({ length: f.end - f.start }, (_, i) => f.start + i)),
            );
            expect(covered).toBe(union.size);
            const back = await t.call('annotations.get', { id: a.id });
            expect(back.fragments).toEqual(a.fragments);
          } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            expect(valid).toBe(false);
            expect(error.code).toBe('invalid_range');
            expect((await t.call('workspace.stats', {})).annotations).toBe(before);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
