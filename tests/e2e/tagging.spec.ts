/**
 * Tagging: a claim by mouse (drag, then the palette), an entity by keyboard (caret, Shift+arrows,
 * the label's key, with word snapping), both stored as shown; delete; undo and redo through the
 * workspace history; reload and find everything still there.
 */
import { annotationList, ARUTZ, dragSelect, expect, openDocument, openWorkbench, reader, test } from './fixtures.js';

const CLAIM = 'Iraq, Russia, Iran and Syria have agreed to set up an intelligence committee in Baghdad';

test('tags a claim by mouse and an entity by keyboard, and stores what it shows', async ({ page, server }) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);
  const docs = await server.call('documents.list', {});
  const doc = docs.find((d) => d.title === ARUTZ);
  if (!doc) throw new Error('seed article missing');

  // A claim by mouse: drag over the sentence, then click the palette's Claim button.
  await dragSelect(page, CLAIM);
  await page.getByRole('group', { name: 'Labels' }).getByRole('button', { name: 'Claim' }).click();
  const list = annotationList(page);
  await expect(list.getByRole('option', { name: `Claim: ${CLAIM}` })).toBeVisible();

  // An entity by keyboard: caret at the start, Shift+arrows over part of the word, the key `g`.
  await reader(page).focus();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('g');
  await expect(list.getByRole('option', { name: 'Country: Iraq' })).toBeVisible();

  // What the workbench shows is what the workspace stores (painted at once, stored just after).
  await expect.poll(async () => (await server.call('annotations.list', { documentId: doc.id })).length).toBe(2);
  const stored = await server.call('annotations.list', { documentId: doc.id });
  expect(stored.map((a) => [a.labelId, a.quote]).sort()).toEqual(
    [
      ['claim', CLAIM],
      ['country', 'Iraq'],
    ].sort(),
  );
  const country = stored.find((a) => a.labelId === 'country');
  expect(country?.fragments).toEqual([{ start: 0, end: 4 }]);
  // The corpus counts follow.
  await expect(
    page
      .getByRole('navigation', { name: 'Documents' })
      .getByRole('button', { name: new RegExp(`^${ARUTZ}.*1 claim.*0 sources.*1 entity`) }),
  ).toBeVisible();

  // The inspector shows the selected (last tagged) annotation.
  await expect(page.getByRole('combobox', { name: 'Label' })).toHaveValue('country');
});

test('deletes, undoes and redoes through the history, and keeps it all after a reload', async ({ page, server }) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);
  const list = annotationList(page);

  await dragSelect(page, 'Baghdad');
  await page.keyboard.press('l');
  const place = list.getByRole('option', { name: 'Place: Baghdad' });
  await expect(place).toBeVisible();

  // Delete the selected annotation with the Delete key (focus is in the reader).
  await expect.poll(async () => (await server.call('annotations.list', { labelId: 'place' })).length).toBe(1);
  await page.keyboard.press('Delete');
  await expect(place).toHaveCount(0);
  await expect.poll(async () => (await server.call('annotations.list', { labelId: 'place' })).length).toBe(0);

  // Undo brings it back (from the workspace history), redo deletes it again, undo once more.
  await page.keyboard.press('Control+z');
  await expect(place).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(place).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(place).toBeVisible();
  expect(await server.call('annotations.list', { labelId: 'place' })).toHaveLength(1);

  // A reload reopens the same document with the same annotations; undo still works after it.
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: ARUTZ })).toBeVisible();
  await expect(annotationList(page).getByRole('option', { name: 'Place: Baghdad' })).toBeVisible();
  // (The delete is undone already; the next undo takes back the tag itself.)
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Undid: Tagged “Baghdad” as Place in “${ARUTZ.slice(0, 20)}` }),
  ).toBeVisible();
  await expect(annotationList(page).getByRole('option', { name: 'Place: Baghdad' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(annotationList(page).getByRole('option', { name: 'Place: Baghdad' })).toHaveCount(1);
});

test('the “Selected” hint shows exactly what a label key saves, word snapping included', async ({ page, server }) => {
  // Text extracted from a page layout often glues words: "StateJohn Kerry".
  const text = 'Glued words\n\nThe Secretary of StateJohn Kerry met Sergei Lavrov’s deputy in Baghdad-based talks.\n';
  await server.call('documents.import', { sources: [{ name: 'glued.txt', content: text }] });
  await openWorkbench(page, server);
  await openDocument(page, 'Glued words');
  const hint = page.locator('.selection-status');

  for (const [dragged, key, labelId] of [
    ['John Kerry', 'p', 'person'],
    ['Lavro', 'p', 'person'],
    ['aghda', 'l', 'place'],
  ] as const) {
    await dragSelect(page, dragged);
    await expect(hint).toHaveText(/^Selected: “.+” — press a label key$/);
    const shown = /“(.+)”/.exec((await hint.textContent()) ?? '')?.[1];
    await page.keyboard.press(key);
    await expect(hint).toHaveText('');
    await expect
      .poll(async () => (await server.call('annotations.list', { labelId })).map((a) => a.quote))
      .toContain(shown);
  }
  const quotes = (await server.call('annotations.list', {})).map((a) => a.quote).sort();
  expect(quotes).toEqual(['Baghdad-based', 'John Kerry', 'Lavrov'].sort());
});
