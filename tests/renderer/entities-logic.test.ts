/**
 * The Entities view's pure logic: mentions counted by outlet, the chart's spoken summary, what
 * "Merge into…" offers, and where the arrow keys move in the list.
 */
import { describe, expect, it } from 'vitest';
import type { EntityIndexEntry } from '../../common/domain.js';
import {
  chartSummary,
  contextAfter,
  contextBefore,
  mergeCandidates,
  moveInList,
  outletBars,
  outletCount,
} from '../../renderer/views/entities-logic.js';

function entry(
  id: string,
  name: string,
  aliases: string[],
  documents: Array<[outlet: string | null, title: string, count: number]>,
): EntityIndexEntry {
  return {
    entity: { id, name, type: 'group', aliases },
    mentionCount: documents.reduce((sum, [, , n]) => sum + n, 0),
    documents: documents.map(([outlet, title, count], i) => ({
      documentId: `${id}-doc${i}`,
      title,
      outlet,
      count,
      names: [name],
    })),
  };
}

const islamicState = entry(
  'is',
  'Islamic State',
  ['ISIS', 'ISIL'],
  [
    ['UPI', 'Iraq, Russia, Iran and Syria to share intelligence', 1],
    ['Arutz Sheva', 'Iraq Steps Up', 2],
    ['UPI', 'A second UPI story', 2],
    [null, 'An article without an outlet', 1],
  ],
);
const daesh = entry('daesh', 'Daesh', [], [['UPI', 'x', 1]]);
const iraq = entry('iraq', 'Iraq', ['Republic of Iraq'], [['UPI', 'x', 9]]);

describe('outletBars', () => {
  it('adds up an outlet’s articles, names an article without an outlet by its title, most first', () => {
    expect(outletBars(islamicState)).toEqual([
      { outlet: 'UPI', count: 3, documents: 2 },
      { outlet: 'Arutz Sheva', count: 2, documents: 1 },
      { outlet: 'An article without an outlet', count: 1, documents: 1 },
    ]);
    expect(outletCount(islamicState)).toBe(3);
  });

  it('has no bars for an entity without mentions', () => {
    expect(outletBars(entry('x', 'X', [], []))).toEqual([]);
    expect(outletCount(entry('x', 'X', [], []))).toBe(0);
  });
});

describe('chartSummary', () => {
  it('says the total, the outlets and each outlet’s count', () => {
    expect(chartSummary('Islamic State', outletBars(islamicState))).toBe(
      'Islamic State: 6 mentions in 3 outlets — UPI 3, Arutz Sheva 2, An article without an outlet 1.',
    );
    expect(chartSummary('Daesh', outletBars(daesh))).toBe('Daesh: 1 mention in 1 outlet — UPI 1.');
    expect(chartSummary('X', [])).toBe('X is not mentioned in any article.');
  });
});

describe('mergeCandidates', () => {
  const all = [iraq, islamicState, daesh];

  it('offers every other entity, most mentioned first, before anything is typed', () => {
    expect(mergeCandidates(all, 'daesh', '').map((e) => e.entity.id)).toEqual(['iraq', 'is']);
  });

  it('matches names and aliases, case-insensitively, names starting with the text first', () => {
    expect(mergeCandidates(all, 'daesh', 'isi').map((e) => e.entity.id)).toEqual(['is']);
    expect(mergeCandidates(all, 'daesh', 'IRAQ').map((e) => e.entity.id)).toEqual(['iraq']);
    expect(mergeCandidates(all, 'is', 'ra').map((e) => e.entity.id)).toEqual(['iraq']);
    expect(mergeCandidates(all, 'daesh', 'state').map((e) => e.entity.id)).toEqual(['is']);
    expect(mergeCandidates(all, 'daesh', 'nothing')).toEqual([]);
  });

  it('never offers the entity itself, and stops at max', () => {
    expect(mergeCandidates(all, 'is', 'Islamic')).toEqual([]);
    expect(mergeCandidates(all, 'none', '', 2)).toHaveLength(2);
  });
});

describe('moveInList', () => {
  it.each([
    [-1, 'ArrowDown', 0],
    [-1, 'ArrowUp', 4],
    [0, 'ArrowDown', 1],
    [4, 'ArrowDown', 4],
    [0, 'ArrowUp', 0],
    [2, 'Home', 0],
    [2, 'End', 4],
    [1, 'PageDown', 4],
    [3, 'PageUp', 0],
  ])('from %i, %s goes to %i of five rows', (from, key, to) => {
    expect(moveInList(from, key, 5, 10)).toBe(to);
  });

  it('leaves other keys alone, and an empty list', () => {
    expect(moveInList(1, 'a', 5)).toBeNull();
    expect(moveInList(-1, 'ArrowDown', 0)).toBeNull();
  });
});

describe('a mention’s context', () => {
  it('keeps short context whole, white space collapsed', () => {
    expect(contextBefore('the\n group ')).toBe('the group ');
    expect(contextAfter(' said.')).toBe(' said.');
  });

  it('cuts context long enough to have been cut at a word, with an ellipsis on the far side', () => {
    expect(contextBefore('slamic State (IS, formerly ISIL/')).toBe('…State (IS, formerly ISIL/');
    expect(contextAfter(' in Iraq and Syria, ISIS-ISIL) t')).toBe(' in Iraq and Syria, ISIS-ISIL)…');
    const before = 'Iraq and Syria agreed on Sunday to share intelligence about the ';
    expect(contextBefore(before, 20)).toBe('…about the ');
    const after = ' militants who control large parts of both countries';
    expect(contextAfter(after, 20)).toBe(' militants who…');
  });
});
