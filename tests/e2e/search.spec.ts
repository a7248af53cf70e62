/**
 * The Search view as a person uses it: open it by its tab and by its key, search the corpus,
 * see the hits by article, tag every hit with a label in one step and undo it in one step,
 * the all-caps rule (IS is not "is"), and Enter on a hit opening the article in Read.
 */
import type { Page } from '@playwright/test';
import { escapeRegExp, expect, openWorkbench, reader, test, type Server } from './fixtures.js';

function searchBox(page: Page) {
  return page.getByRole('searchbox', { name: 'Search the corpus' });
}

function hits(page: Page) {
  return page.getByRole('listbox', { name: 'Hits' }).getByRole('option');
}

/** Searches as a person, then waits for the summary of the corpus's `total` places. */
async function search(page: Page, query: string, total: number): Promise<void> {
  await searchBox(page).fill(query);
  await searchBox(page).press('Enter');
  await expect(page.getByText(new RegExp(`^${total} places?`))).toBeVisible();
}

async function allHits(server: Server, query: string, caseSensitive?: boolean) {
  const result = await server.call('search.query', {
    query,
    limit: 10000,
    ...(caseSensitive !== undefined ? { caseSensitive } : {}),
  });
  return result;
}

test('opens by its tab and by Alt+Shift+F, tags every hit in one step, and undoes it in one step', async ({
  page,
  server,
}) => {
  await openWorkbench(page, server);
  await page.getByRole('tab', { name: 'Search' }).click();
  await expect(searchBox(page)).toBeFocused();
  await page.getByRole('tab', { name: 'Read' }).click();
  await expect(searchBox(page)).toHaveCount(0);
  await page.keyboard.press('Alt+Shift+F');
  await expect(searchBox(page)).toBeFocused();

  await searchBox(page).fill('Kerry');
  const matchCase = page.getByRole('checkbox', { name: 'Match case' });
  await expect(matchCase).not.toBeChecked();
  await matchCase.check();
  const expected = await allHits(server, 'Kerry', true);
  await search(page, 'Kerry', expected.total);

  expect(expected.total).toBeGreaterThan(1);
  const articles = new Set(expected.hits.map((h) => h.title));
  await expect(page.getByText(`${expected.total} places in ${articles.size} article`)).toBeVisible();
  // Grouped by article: a heading per article, each hit's context with the hit marked.
  for (const title of articles) {
    await expect(page.getByRole('heading', { level: 3, name: new RegExp(escapeRegExp(title)) })).toBeVisible();
  }
  await expect(hits(page)).toHaveCount(expected.total);
  await expect(hits(page).first().locator('mark').first()).toHaveText('Kerry');

  await page.getByRole('combobox', { name: 'Label' }).selectOption({ label: 'Person' });
  await page.getByRole('button', { name: 'Tag all hits' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tagged' })).toHaveText(
    `Tagged ${expected.total} mentions of “Kerry” as Person.`,
  );

  // Every hit carries a Person annotation on exactly its offsets.
  const people = await server.call('annotations.list', { labelId: 'person' });
  const spans = new Set(people.map((a) => `${a.documentId}:${a.fragments.map((f) => `${f.start}-${f.end}`).join()}`));
  for (const hit of expected.hits) expect(spans.has(`${hit.documentId}:${hit.start}-${hit.end}`)).toBe(true);
  await expect(page.getByText('already Person')).toHaveCount(expected.total);

  // Tagging again skips them all.
  await page.getByRole('button', { name: 'Tag all hits' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tagged' })).toHaveText(
    `Tagged 0 mentions of “Kerry” as Person; ${expected.total} already tagged were skipped.`,
  );

  // One undo removes them all.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect.poll(async () => (await server.call('annotations.list', { labelId: 'person' })).length).toBe(0);
  await expect(page.getByText('already Person')).toHaveCount(0);
});

test('IS finds only IS; is with Match case off finds many', async ({ page, server }) => {
  await openWorkbench(page, server);
  await page.keyboard.press('Alt+Shift+F');
  await searchBox(page).fill('IS');
  await expect(page.getByRole('checkbox', { name: 'Match case' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Whole words' })).toBeChecked();
  await search(page, 'IS', (await allHits(server, 'IS')).total);

  // Every hit shown is the text "IS", never "is" or "Is" (the document's text at its offsets).
  const texts = new Map<string, string>();
  const count = await hits(page).count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const hit = hits(page).nth(i);
    const documentId = (await hit.getAttribute('data-document-id')) ?? '';
    const start = Number(await hit.getAttribute('data-start'));
    const end = Number(await hit.getAttribute('data-end'));
    let text = texts.get(documentId);
    if (text === undefined) {
      text = (await server.call('documents.get', { id: documentId })).text;
      texts.set(documentId, text);
    }
    expect(text.slice(start, end)).toBe('IS');
  }
  expect((await allHits(server, 'IS')).total).toBe(count);

  // Lower case, Match case off: many more.
  await searchBox(page).fill('is');
  const matchCase = page.getByRole('checkbox', { name: 'Match case' });
  await expect(matchCase).not.toBeChecked();
  const lower = await allHits(server, 'is', false);
  expect(lower.total).toBeGreaterThan(count);
  await search(page, 'is', lower.total);
});

test('the keyboard moves between hits, Space selects, Enter opens the article in Read with the hit selected', async ({
  page,
  server,
}) => {
  await openWorkbench(page, server);
  await page.keyboard.press('Alt+Shift+F');
  const expected = await allHits(server, 'Lavrov');
  await search(page, 'Lavrov', expected.total);
  expect(expected.hits.length).toBeGreaterThan(1);

  const list = page.getByRole('listbox', { name: 'Hits' });
  await list.focus();
  await page.keyboard.press('ArrowDown');
  const second = hits(page).nth(1);
  await expect(list).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id')) ?? '');
  await page.keyboard.press('Space');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: 'Tag selected hits (1)' })).toBeEnabled();

  await page.keyboard.press('Enter');
  const hit = expected.hits[1];
  if (!hit) throw new Error('no second hit');
  await expect(page.getByRole('tab', { name: 'Read' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { level: 2, name: hit.title })).toBeVisible();
  await expect(reader(page)).toBeVisible();
  // The hit's text is selected in the text, focused: a label key tags exactly it.
  await expect(reader(page)).toBeFocused();
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('Lavrov');
  await page.keyboard.press('p');
  await expect
    .poll(async () =>
      (await server.call('annotations.list', { documentId: hit.documentId })).map((a) => [a.quote, a.labelId]),
    )
    .toEqual([['Lavrov', 'person']]);
  const [created] = await server.call('annotations.list', { documentId: hit.documentId });
  expect(created?.fragments).toEqual([{ start: hit.start, end: hit.end }]);
});
