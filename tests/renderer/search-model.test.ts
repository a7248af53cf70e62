import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../common/domain.js';
import {
  buildItems,
  groupHits,
  hitKey,
  moveIndex,
  queryDefaults,
  snippetParts,
  summaryText,
  taggedText,
  toggleKey,
} from '../../renderer/views/search-model.js';

function hit(documentId: string, start: number, title = `Title ${documentId}`): SearchHit {
  return { documentId, title, outlet: 'Outlet', start, end: start + 5, snippet: `a [Kerry] b` };
}

describe('queryDefaults', () => {
  it('ticks both for an all-caps short query, neither otherwise', () => {
    expect(queryDefaults('IS')).toEqual({ caseSensitive: true, wholeWord: true });
    expect(queryDefaults('IS US')).toEqual({ caseSensitive: true, wholeWord: true });
    expect(queryDefaults('is')).toEqual({ caseSensitive: false, wholeWord: false });
    expect(queryDefaults('ISIS')).toEqual({ caseSensitive: true, wholeWord: true });
    expect(queryDefaults('IS Kerry')).toEqual({ caseSensitive: false, wholeWord: false });
    expect(queryDefaults('')).toEqual({ caseSensitive: false, wholeWord: false });
  });
});

describe('groupHits', () => {
  it('groups by article in the order given, keeping each hit’s flat index', () => {
    const groups = groupHits([hit('a', 1), hit('a', 9), hit('b', 3), hit('c', 0)]);
    expect(groups.map((g) => [g.documentId, g.hits.map((h) => h.index)])).toEqual([
      ['a', [0, 1]],
      ['b', [2]],
      ['c', [3]],
    ]);
    expect(groups[0]?.title).toBe('Title a');
    expect(groupHits([])).toEqual([]);
  });
});

describe('snippetParts', () => {
  it('marks the bracketed hits', () => {
    expect(snippetParts('…State [John] said [John]')).toEqual([
      { text: '…State ', mark: false },
      { text: 'John', mark: true },
      { text: ' said ', mark: false },
      { text: 'John', mark: true },
    ]);
    expect(snippetParts('no hit')).toEqual([{ text: 'no hit', mark: false }]);
  });
});

describe('selection and moves', () => {
  it('toggles a key without changing the given set', () => {
    const before = new Set(['x']);
    const after = toggleKey(before, hitKey(hit('a', 1)));
    expect([...after]).toEqual(['x', 'a:1:6']);
    expect([...toggleKey(after, 'x')]).toEqual(['a:1:6']);
    expect([...before]).toEqual(['x']);
  });

  it('moves within bounds', () => {
    expect(moveIndex('ArrowDown', 0, 3)).toBe(1);
    expect(moveIndex('ArrowDown', 2, 3)).toBe(2);
    expect(moveIndex('ArrowUp', 0, 3)).toBe(0);
    expect(moveIndex('End', 0, 3)).toBe(2);
    expect(moveIndex('Home', 2, 3)).toBe(0);
    expect(moveIndex('a', 1, 3)).toBeNull();
    expect(moveIndex('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('buildItems', () => {
  it('makes one item per distinct hit, with the entity only when chosen', () => {
    const items = buildItems([hit('a', 1), hit('a', 1), hit('b', 3)], 'person', null);
    expect(items).toEqual([
      { documentId: 'a', labelId: 'person', fragments: [{ start: 1, end: 6 }] },
      { documentId: 'b', labelId: 'person', fragments: [{ start: 3, end: 8 }] },
    ]);
    expect(buildItems([hit('a', 1)], 'person', 'e1')[0]?.entityId).toBe('e1');
  });
});

describe('sentences', () => {
  it('says how many places in how many articles', () => {
    expect(summaryText(33, 5, true)).toBe('33 places in 5 articles');
    expect(summaryText(1, 1, true)).toBe('1 place in 1 article');
    expect(summaryText(250, 4, false)).toBe('250 places');
    expect(summaryText(0, 0, true)).toBe('No places found');
  });

  it('says what was tagged and skipped', () => {
    expect(taggedText('Kerry', 'Person', 11, 2)).toBe(
      'Tagged 11 mentions of “Kerry” as Person; 2 already tagged were skipped.',
    );
    expect(taggedText('Kerry', 'Person', 1, 0)).toBe('Tagged 1 mention of “Kerry” as Person.');
    expect(taggedText('Kerry', 'Person', 0, 1)).toBe(
      'Tagged 0 mentions of “Kerry” as Person; 1 already tagged was skipped.',
    );
  });
});
