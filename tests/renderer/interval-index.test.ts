import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fragment } from '../../common/domain.js';
import { IntervalIndex, type IndexedItem } from '../../renderer/reader/interval-index.js';

function bruteAt(items: Map<string, readonly Fragment[]>, offset: number): Set<string> {
  const out = new Set<string>();
  for (const [id, fragments] of items) if (fragments.some((f) => f.start <= offset && offset < f.end)) out.add(id);
  return out;
}

function bruteOverlapping(items: Map<string, readonly Fragment[]>, from: number, to: number): Set<string> {
  const out = new Set<string>();
  for (const [id, fragments] of items) if (fragments.some((f) => f.start < to && f.end > from)) out.add(id);
  return out;
}

const itemArb = (id: string) =>
  fc
    .array(fc.tuple(fc.nat(400), fc.integer({ min: 1, max: 60 })), { minLength: 1, maxLength: 3 })
    .map((pairs): IndexedItem => {
      // Non-overlapping sorted fragments.
      const sorted = pairs.map(([s, len]) => ({ start: s, end: s + len })).sort((a, b) => a.start - b.start);
      const fragments: Fragment[] = [];
      for (const f of sorted) {
        const last = fragments[fragments.length - 1];
        if (last && f.start <= last.end) continue;
        fragments.push(f);
      }
      return { id, fragments };
    });

describe('IntervalIndex', () => {
  const claim = { id: 'claim', fragments: [{ start: 0, end: 50 }] };
  const iraq = { id: 'iraq', fragments: [{ start: 0, end: 4 }] };
  const baghdad = { id: 'baghdad', fragments: [{ start: 30, end: 37 }] };
  const split = {
    id: 'split',
    fragments: [
      { start: 60, end: 65 },
      { start: 80, end: 90 },
    ],
  };

  it('answers which annotations cover a character, innermost first', () => {
    const index = IntervalIndex.build([claim, iraq, baghdad, split]);
    expect(index.at(2)).toEqual(['iraq', 'claim']);
    expect(index.at(4)).toEqual(['claim']);
    expect(index.at(50)).toEqual([]);
    expect(index.at(85)).toEqual(['split']);
    expect(index.at(70)).toEqual([]);
  });

  it('lists annotations touching a range in reading order, outer first', () => {
    const index = IntervalIndex.build([split, baghdad, iraq, claim]);
    expect(index.overlapping(0, 100)).toEqual(['claim', 'iraq', 'baghdad', 'split']);
    expect(index.overlapping(40, 61)).toEqual(['claim', 'split']);
    expect(index.overlapping(66, 80)).toEqual([]);
  });

  it('navigates in reading order, a discontinuous annotation once', () => {
    const index = IntervalIndex.build([claim, iraq, baghdad, split]);
    expect(index.ordered()).toEqual(['claim', 'iraq', 'baghdad', 'split']);
    expect(index.next({ id: 'baghdad' })).toBe('split');
    expect(index.next({ id: 'split' })).toBeNull();
    expect(index.previous({ id: 'claim' })).toBeNull();
    expect(index.previous({ id: 'iraq' })).toBe('claim');
    expect(index.next({ offset: 5 })).toBe('baghdad');
    expect(index.previous({ offset: 30 })).toBe('iraq');
    expect(index.rankOf('split')).toBe(3);
  });

  it('updates incrementally: add, move, delete', () => {
    const index = IntervalIndex.build([claim]);
    index.set('iraq', iraq.fragments);
    expect(index.at(1)).toEqual(['iraq', 'claim']);
    index.set('iraq', [{ start: 100, end: 104 }]);
    expect(index.at(1)).toEqual(['claim']);
    expect(index.at(101)).toEqual(['iraq']);
    expect(index.delete('iraq')).toBe(true);
    expect(index.delete('iraq')).toBe(false);
    expect(index.size).toBe(1);
    expect(index.ordered()).toEqual(['claim']);
  });

  it('agrees with a brute-force scan under random inserts, updates and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc
              .tuple(fc.constant('set' as const), fc.integer({ min: 0, max: 40 }))
              .chain(([op, n]) => itemArb(`a${n}`).map((item) => ({ op, item }))),
            fc.integer({ min: 0, max: 40 }).map((n) => ({ op: 'delete' as const, id: `a${n}` })),
          ),
          { maxLength: 120 },
        ),
        fc.array(fc.nat(480), { minLength: 5, maxLength: 20 }),
        (ops, probes) => {
          const index = new IntervalIndex();
          const model = new Map<string, readonly Fragment[]>();
          for (const op of ops) {
            if (op.op === 'set') {
              index.set(op.item.id, op.item.fragments);
              model.set(op.item.id, op.item.fragments);
            } else {
              index.delete(op.id);
              model.delete(op.id);
            }
          }
          for (const p of probes) {
            expect(new Set(index.at(p))).toEqual(bruteAt(model, p));
            expect(new Set(index.overlapping(p, p + 25))).toEqual(bruteOverlapping(model, p, p + 25));
          }
          expect(index.ordered().length).toBe(model.size);
          const rebuilt = IntervalIndex.build([...model].map(([id, fragments]) => ({ id, fragments })));
          expect(rebuilt.ordered()).toEqual(index.ordered());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers right at scale: 50,000 annotations under one long one (its speed is for npm run bench)', () => {
    const items: IndexedItem[] = [{ id: 'long', fragments: [{ start: 0, end: 1_000_000 }] }];
    for (let i = 0; i < 50_000; i++) items.push({ id: `n${i}`, fragments: [{ start: i * 20, end: i * 20 + 7 }] });
    const index = IntervalIndex.build(items);
    for (let k = 0; k < 1000; k++) {
      const offset = (k * 997) % 1_000_000;
      const covering = offset % 20 < 7 && offset < 1_000_000 ? [`n${Math.floor(offset / 20)}`] : [];
      expect(new Set(index.at(offset))).toEqual(new Set([...covering, 'long']));
    }
    index.set('new', [{ start: 500_001, end: 500_010 }]);
    expect(index.at(20 * 100 + 3)).toEqual(['n100', 'long']);
    expect(new Set(index.at(500_008))).toEqual(new Set(['new', 'long']));
    expect(index.ordered()).toHaveLength(50_002);
  });
});
