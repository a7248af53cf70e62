/**
 * Corpus search through the API: every occurrence across the corpus (not only the best
 * documents), exact UTF-16 offsets, ordered by document (date, title) then offset, paged with a
 * total; the defaults for acronyms (IS is not is, this or ISIS); literal phrases and the
 * operators; FTS5 narrowing that never loses an occurrence (infixes, accents, CJK neighbours,
 * after the index changes); and work bounded by the page.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchHit, SearchResult } from '../../common/domain.js';
import { TextScanner, parseSearchQuery } from '../../common/text-search.js';
import { prepareDocument, writeDocuments } from '../../db/import/documents.js';
import { Workspace } from '../../db/workspace.js';
import { expectApiError, openTestWorkspace, type TestWorkspace } from '../helpers.js';

let t: TestWorkspace;
beforeEach(() => {
  t = openTestWorkspace({ seed: false });
});
afterEach(() => t.dispose());

/** Adds documents with the given titles, dates and texts; returns their ids in the same order. */
function addDocuments(docs: Array<{ title: string; text: string; publishedAt?: string | null }>): string[] {
  const prepared = docs.map((d, i) =>
    prepareDocument(
      { name: `doc-${i}-${d.title}.txt`, content: d.text },
      { title: d.title, publishedAt: d.publishedAt ?? null },
    ),
  );
  writeDocuments(t.ws, prepared, 'done');
  return prepared.map((p) => p.id);
}

async function all(query: string, options: Record<string, unknown> = {}): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  for (let offset: number | null = 0; offset !== null;) {
    const page: SearchResult = await t.call('search.query', { query, offset, limit: 7, ...options });
    hits.push(...page.hits);
    offset = page.nextOffset;
  }
  return hits;
}

async function textOf(id: string): Promise<string> {
  return (await t.call('documents.get', { id })).text;
}

describe('search.query', () => {
  it('returns every occurrence as {hits, total, nextOffset}, by date, then title, then offset', async () => {
    const [undated, late, earlyB, earlyA] = addDocuments([
      { title: 'Undated', text: 'Kerry undated. Kerry again.' },
      { title: 'Late', text: 'Kerry late.', publishedAt: '2015-10-01' },
      { title: 'B early', text: 'kerry B. KERRY B.', publishedAt: '2015-09-01' },
      { title: 'A early', text: 'A: Kerry.', publishedAt: '2015-09-01' },
    ]);
    const result = await t.call('search.query', { query: 'Kerry' });
    expect(result.total).toBe(6);
    expect(result.nextOffset).toBeNull();
    expect(result.hits.map((h) => [h.documentId, h.start])).toEqual([
      [earlyA, 3],
      [earlyB, 0],
      [earlyB, 9],
      [late, 0],
      [undated, 0],
      [undated, 15],
    ]);
    expect(Object.keys(result.hits[0]!).sort()).toEqual(['documentId', 'end', 'outlet', 'snippet', 'start', 'title']);
    expect(result.hits[0]).toMatchObject({ title: 'A early', end: 8, snippet: 'A: [Kerry].' });
  });

  it('pages with limit and offset: the pages put together are the whole list', async () => {
    addDocuments(
      Array.from({ length: 5 }, (_, i) => ({ title: `Doc ${i}`, text: `Baghdad ${i}. `.repeat(i * 3 + 1) })),
    );
    const whole = await t.call('search.query', { query: 'Baghdad', limit: 1000 });
    expect(whole.total).toBe(1 + 4 + 7 + 10 + 13);
    expect(whole.hits).toHaveLength(35);
    expect(await all('Baghdad')).toEqual(whole.hits);
    const page = await t.call('search.query', { query: 'Baghdad', limit: 10, offset: 30 });
    expect(page).toMatchObject({ total: 35, nextOffset: null });
    expect(page.hits).toEqual(whole.hits.slice(30));
    expect(await t.call('search.query', { query: 'Baghdad', limit: 10, offset: 20 })).toMatchObject({ nextOffset: 30 });
    expect(await t.call('search.query', { query: 'Baghdad', offset: 99 })).toEqual({
      hits: [],
      total: 35,
      nextOffset: null,
    });
  });

  it('returns 100 hits by default and refuses a limit over 10,000', async () => {
    addDocuments([{ title: 'Many', text: 'IS '.repeat(250) }]);
    const result = await t.call('search.query', { query: 'IS' });
    expect(result.hits).toHaveLength(100);
    expect(result).toMatchObject({ total: 250, nextOffset: 100 });
    await expectApiError(t.call('search.query', { query: 'IS', limit: 10001 }), 'invalid_params');
    await expectApiError(t.call('search.query', { query: 'IS', offset: -1 }), 'invalid_params');
    await expectApiError(t.call('search.query', { query: 'AND' }), 'invalid_params');
  });

  it('gives UTF-16 offsets exact on the stored text after non-BMP characters', async () => {
    const [id] = addDocuments([{ title: 'Emoji', text: '😀🇺🇦 𝒳𝒴 said Kerry; 👩‍💻 Kerry 𝒵Kerry.' }]);
    const text = await textOf(id!);
    const { hits } = await t.call('search.query', { query: 'kerry' });
    expect(hits).toHaveLength(3);
    let from = 0;
    for (const hit of hits) {
      expect(text.slice(hit.start, hit.end)).toBe('Kerry');
      expect(hit.start).toBe(text.indexOf('Kerry', from));
      from = hit.end;
    }
    expect(hits[0]!.start).toBeGreaterThan('😀🇺🇦 𝒳𝒴 said '.length - 1);
  });

  it('finds IS the group, never is, this or ISIS, unless told otherwise', async () => {
    const [id] = addDocuments([
      {
        title: 'IS and is',
        text: 'This is what ISIS is. IS fighters, anti-IS forces, the IS’s allies, RT_IS and ISIS_IS, US-IS (IS).',
      },
    ]);
    const text = await textOf(id!);
    const defaults = await t.call('search.query', { query: 'IS' });
    expect(defaults.hits.map((h) => text.slice(h.start, h.end))).toEqual(['IS', 'IS', 'IS', 'IS', 'IS']);
    expect(defaults.hits.map((h) => h.start)).toEqual([
      text.indexOf('IS fighters'),
      text.indexOf('IS forces'),
      text.indexOf('IS’s'),
      text.indexOf('IS ('),
      text.indexOf('IS)'),
    ]);
    const anyCase = await t.call('search.query', { query: 'IS', caseSensitive: false, wholeWord: false });
    expect(anyCase.hits.map((h) => text.slice(h.start, h.end))).toEqual(expect.arrayContaining(['is', 'is', 'IS']));
    expect(anyCase.total).toBe([...text.matchAll(/is/gi)].length);
    const lower = await t.call('search.query', { query: 'is', wholeWord: true });
    expect(lower.hits.map((h) => text.slice(h.start, h.end))).toEqual(['is', 'is', 'IS', 'IS', 'IS', 'IS', 'IS']);
  });

  it('matches whole words and case only when asked, for other words', async () => {
    const [id] = addDocuments([{ title: 'Form', text: 'Information: form, FORM, formal, reform.' }]);
    const text = await textOf(id!);
    const words = async (params: { query: string; caseSensitive?: boolean; wholeWord?: boolean }) =>
      (await t.call('search.query', params)).hits.map((h) => text.slice(h.start, h.end));
    expect(await words({ query: 'form' })).toEqual(['form', 'form', 'FORM', 'form', 'form']);
    expect(await words({ query: 'form', wholeWord: true })).toEqual(['form', 'FORM']);
    expect(await words({ query: 'form', caseSensitive: true })).toEqual(['form', 'form', 'form', 'form']);
    expect(await words({ query: 'FORM', caseSensitive: true, wholeWord: true })).toEqual(['FORM']);
  });

  it('matches quoted phrases literally, prefixes to the end of the word, and AND / OR / NOT by document', async () => {
    const [a, b, c] = addDocuments([
      { title: 'A', text: 'A joint Information Center in Baghdad; Iraqi officials.', publishedAt: '2015-01-01' },
      { title: 'B', text: 'An information\ncenter, Daesh and Iraq.', publishedAt: '2015-01-02' },
      { title: 'C', text: 'Daesh in Baghdad.', publishedAt: '2015-01-03' },
    ]);
    const where = async (query: string) =>
      (await all(query)).map((h) => [h.documentId, h.start, h.end] as [string, number, number]);
    expect(await where('"information center"')).toEqual([[a, 8, 26]]);
    const [textA, textB] = [await textOf(a!), await textOf(b!)];
    expect(await where('Iraq*')).toEqual([
      [a, textA.indexOf('Iraqi'), textA.indexOf('Iraqi') + 5],
      [b, textB.indexOf('Iraq'), textB.indexOf('Iraq') + 4],
    ]);
    expect(await where('Baghdad NOT Daesh')).toEqual([[a, 30, 37]]);
    expect(await where('Baghdad Daesh')).toEqual([
      [c, 0, 5],
      [c, 9, 16],
    ]);
    expect((await where('Iraqi OR Daesh')).map(([id]) => id)).toEqual([a, b, c]);
    expect(await where('Kerry OR "information\ncenter"')).toEqual([[b, 3, 21]]);
  });

  it('searches only the documents named', async () => {
    const [a, b] = addDocuments([
      { title: 'A', text: 'Latakia base.' },
      { title: 'B', text: 'Latakia airstrikes.' },
    ]);
    const { hits, total } = await t.call('search.query', { query: 'Latakia', documentIds: [b!, 'doc_missing'] });
    expect(total).toBe(1);
    expect(hits.map((h) => h.documentId)).toEqual([b]);
    expect(a).not.toBe(b);
  });

  it('marks the hit and its neighbours in the snippet, cut at spaces, never inside a surrogate pair', async () => {
    const long = 'word '.repeat(30);
    addDocuments([
      {
        title: 'Snip',
        text: `${long}Saad al-Hadithi, a spokesman ${long}😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀Kerry`,
      },
    ]);
    const { hits } = await t.call('search.query', { query: 'Saad al-Hadithi' });
    expect(hits).toHaveLength(2);
    for (const hit of hits) expect(hit.snippet).toMatch(/^…word .*\[Saad\] \[al-Hadithi\], a spokesman word .*…$/);
    const [kerry] = (await t.call('search.query', { query: 'Kerry' })).hits;
    expect(kerry!.snippet.endsWith('[Kerry]')).toBe(true);
    expect(kerry!.snippet).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });
});

describe('narrowing with FTS5 never loses an occurrence', () => {
  it('finds occurrences inside index tokens, beside CJK, in accented words and around punctuation', async () => {
    const [id] = addDocuments([
      {
        title: 'Tokens',
        text: 'McKerry, 中IS与, Kerrý, café, cafe, RT_com, U.S. forces, 3.14, al-Hadithi, “quoted”',
      },
    ]);
    const text = await textOf(id!);
    const found = async (query: string, options: Record<string, boolean> = {}) =>
      (await all(query, options)).map((h) => text.slice(h.start, h.end));
    expect(await found('kerry')).toEqual(['Kerry']);
    expect(await found('Kerr')).toEqual(['Kerr', 'Kerr']);
    expect(await found('IS')).toEqual(['IS']);
    expect(await found('café')).toEqual(['café']);
    expect(await found('cafe')).toEqual(['cafe']);
    expect(await found('com')).toEqual(['com']);
    expect(await found('T_c')).toEqual(['T_c']);
    expect(await found('U.S.')).toEqual(['U.S.']);
    expect(await found('".S. f"')).toEqual(['.S. f']);
    expect(await found('3.1')).toEqual(['3.1']);
    expect(await found('-Had')).toEqual(['-Had']);
    expect(await found('Hadithi,')).toEqual(['Hadithi,']);
    expect(await found('“quoted”')).toEqual(['“quoted”']);
    expect(await found('与')).toEqual(['与']);
    expect(await found('zzz')).toEqual([]);
  });

  it('sees documents imported and deleted since the last search', async () => {
    addDocuments([{ title: 'First', text: 'Nothing here.' }]);
    expect((await t.call('search.query', { query: 'anzib' })).total).toBe(0);
    const [id] = addDocuments([{ title: 'Second', text: 'To Zanzibar and xZANZIBARx.' }]);
    expect((await t.call('search.query', { query: 'anzib' })).total).toBe(2);
    await t.call('documents.delete', { id: id! });
    expect((await t.call('search.query', { query: 'anzib' })).total).toBe(0);
    await t.call('history.undo', {});
    expect((await t.call('search.query', { query: 'anzib' })).total).toBe(2);
  });

  it('sees documents another connection to the file imported', async () => {
    addDocuments([{ title: 'First', text: 'Nothing here.' }]);
    expect((await t.call('search.query', { query: 'anzib' })).total).toBe(0);
    const other = Workspace.open({ path: t.file });
    try {
      writeDocuments(other, [prepareDocument({ name: 'other.txt', content: 'xZanzibarx' })], 'done');
    } finally {
      other.close();
    }
    expect((await t.call('search.query', { query: 'anzib' })).total).toBe(1);
  });

  it('finds what scanning every document finds, for random queries on a random corpus', async () => {
    const words = [
      'Baghdad',
      'is',
      'IS',
      'ISIS',
      'this',
      'anti-IS',
      'Daesh',
      'al-Hadithi',
      'RT_com',
      'café',
      'Kerry’s',
      '中IS',
      '3.14',
      'U.S.',
      'information',
      'center',
    ];
    const separators = [' ', ' ', '\n', ', ', '-', '(', ')'];
    const docs = fc.sample(
      fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...separators)), { minLength: 1, maxLength: 30 }),
      { numRuns: 25, seed: 7 },
    );
    const ids = addDocuments(docs.map((parts, i) => ({ title: `R${i}`, text: parts.flat().join('') })));
    const texts = new Map(await Promise.all(ids.map(async (id) => [id, await textOf(id)] as const)));
    const queries = fc.sample(
      fc.oneof(
        fc.constantFrom(...words),
        fc.constantFrom(...words).map((w) => w.slice(1, -1) || w),
        fc
          .tuple(fc.constantFrom(...words), fc.constantFrom(...words))
          .map(([x, y]) => `"${x.slice(2)} ${y.slice(0, 3)}"`),
        fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)).map(([x, y]) => `${x} OR ${y}`),
        fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)).map(([x, y]) => `${x} NOT ${y}`),
        fc.constantFrom(...words).map((w) => `${w.slice(0, 3)}*`),
      ),
      { numRuns: 60, seed: 11 },
    );
    for (const query of queries) {
      for (const options of [{}, { caseSensitive: true }, { wholeWord: true }]) {
        const hits = await t.call('search.query', { query, limit: 10000, ...options });
        // The oracle: every document, in the workspace's order, scanned without narrowing.
        const parsed = parseSearchQuery(query, options);
        const expected: Array<[string, number, number]> = [];
        for (const { id } of await t.call('documents.list', {})) {
          const scanner = new TextScanner(texts.get(id)!);
          const has = (i: number) => scanner.has(parsed.terms[i]!);
          const terms = new Set<number>();
          for (const g of parsed.groups)
            if (g.include.every(has) && !g.exclude.some(has)) g.include.forEach((i) => terms.add(i));
          const spans = scanner.occurrences([...terms].sort((x, y) => x - y).map((i) => parsed.terms[i]!));
          for (let i = 0; i < spans.length; i += 2) expected.push([id, spans[i]!, spans[i + 1]!]);
        }
        expect(
          hits.hits.map((h) => [h.documentId, h.start, h.end]),
          `${query} ${JSON.stringify(options)}`,
        ).toEqual(expected);
        expect(hits.total).toBe(expected.length);
      }
    }
  });
});

describe('work bounded by the page', () => {
  it('counts a million occurrences and builds only the page', async () => {
    addDocuments([
      { title: 'A', text: 'a '.repeat(600_000), publishedAt: '2015-01-01' },
      { title: 'B', text: 'b a '.repeat(400_000), publishedAt: '2015-01-02' },
    ]);
    const started = performance.now();
    const result = await t.call('search.query', { query: 'a', limit: 100, offset: 599_950 });
    const elapsed = performance.now() - started;
    expect(result.total).toBe(1_000_000);
    expect(result.hits).toHaveLength(100);
    expect(result.nextOffset).toBe(600_050);
    expect(result.hits[49]).toMatchObject({ title: 'A', start: 1_199_998, end: 1_199_999 });
    expect(result.hits[50]).toMatchObject({ title: 'B', start: 2, end: 3 });
    // A million snippets would take many seconds; counting takes a fraction of one.
    expect(elapsed).toBeLessThan(4000);
  });
});
