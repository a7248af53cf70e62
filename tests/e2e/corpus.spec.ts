/**
 * The corpus and the workbench around the reader: the seed articles with outlet, date and
 * counts; the filter; reopening the last document; the theme setting; the shortcuts dialog;
 * and keyboard-only operation from the corpus to a linked entity.
 */
import { annotationList, ARUTZ, expect, openDocument, openWorkbench, reader, test, UPI } from './fixtures.js';

test('lists the seed articles, filters them, and reopens the last one', async ({ page, server }) => {
  await openWorkbench(page, server);
  const corpus = page.getByRole('navigation', { name: 'Documents' });
  await expect(corpus.getByRole('button')).toHaveCount(5);
  await expect(
    corpus.getByRole('button', { name: new RegExp(`^${UPI} UPI · 28 Sep 2015 0 claims 0 sources 0 entities`) }),
  ).toBeVisible();

  await page.getByRole('searchbox', { name: 'Filter documents' }).fill('arutz');
  await expect(corpus.getByRole('button')).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Filter documents' }).fill('');
  await expect(corpus.getByRole('button')).toHaveCount(5);

  await openDocument(page, UPI);
  await expect(corpus.getByRole('button', { name: new RegExp(`^${UPI}`) })).toHaveAttribute('aria-current', 'page');
  await expect.poll(async () => (await server.call('settings.get', {})).lastDocumentId).toBeTruthy();
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: UPI })).toBeAttached();
  await expect(reader(page)).toContainText('Daesh');
});

test('theme: a setting that follows the system by default, persists, and applies at once', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openWorkbench(page, server);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect.poll(async () => (await server.call('settings.get', {})).theme).toBe('light');
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('shortcuts dialog opens with ? and closes with Escape', async ({ page, server }) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);
  await reader(page).focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row', { name: /Tag the selection as Claim/ })).toBeVisible();
  await expect(dialog.getByRole('row', { name: /Undo/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(reader(page)).toBeFocused();
});

test('works by keyboard alone: open, tag, link, alias, navigate', async ({ page, server }) => {
  await openWorkbench(page, server);
  // Alt+1: the documents; Tab/Enter to open one.
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const corpus = page.getByRole('navigation', { name: 'Documents' });
  await expect(corpus.getByRole('button').nth(1)).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('main')).toHaveAttribute('data-annotations', 'complete');

  // Alt+2: the text. Select the second line's first word with Ctrl+Shift+Right and tag it.
  await page.keyboard.press('Alt+2');
  await expect(reader(page)).toBeFocused();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press('g');
  const selected = annotationList(page).getByRole('option', { selected: true });
  await expect(selected).toHaveAccessibleName(/^Country: \w+/);
  const word = ((await selected.getAttribute('aria-posinset')) && (await selected.textContent()))?.replace(
    /^Country:\s*/,
    '',
  );

  // Enter goes to the inspector; Tab to the link combobox; Enter creates the entity.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Annotation', exact: true })).toBeFocused();
  await page.getByRole('combobox', { name: 'Link to an entity' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type('X', { delay: 10 });
  await page.keyboard.press('Backspace');
  // The last option is "Create new country …".
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Names of ${word}` })).toBeVisible();
  await page.getByRole('textbox', { name: `New alias of ${word}` }).focus();
  await page.keyboard.type('Alias one');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove alias Alias one' })).toBeVisible();

  // Back to the text, Escape clears the selection, Tab selects the annotation again.
  await page.keyboard.press('Alt+2');
  await page.keyboard.press('Escape');
  await expect(annotationList(page).getByRole('option', { selected: true })).toHaveCount(0);
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Tab');
  await expect(annotationList(page).getByRole('option', { selected: true })).toHaveAccessibleName(`Country: ${word}`);
  const entities = await server.call('entities.list', {});
  expect(entities).toMatchObject([{ name: word, type: 'country', aliases: ['Alias one'] }]);
});

test('a jump from a view scrolls the document list to the article it opens', async ({ page, server }) => {
  // Enough articles that the list scrolls; the one to jump to is listed last (undated, by title).
  const sources = Array.from({ length: 24 }, (_, i) => ({
    name: `filler-${i}.txt`,
    content: `Filler article ${String(i).padStart(2, '0')}\n\nA paragraph of filler number ${i}.\n`,
  }));
  sources.push({ name: 'last.txt', content: 'Zz the last article\n\nOnly this one mentions Quokkaland.\n' });
  await server.call('documents.import', { sources });
  await openWorkbench(page, server);
  const corpus = page.getByRole('navigation', { name: 'Documents' });
  const row = corpus.getByRole('button', { name: /^Zz the last article/ });
  await expect(corpus.getByRole('button')).toHaveCount(30);
  const list = page.getByRole('list', { name: 'Documents' });
  expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight + 100)).toBe(true);
  await expect(row).not.toBeInViewport();

  await page.getByRole('tab', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search the corpus' }).fill('Quokkaland');
  await page.getByRole('searchbox', { name: 'Search the corpus' }).press('Enter');
  await expect(page.getByText(/^1 place/)).toBeVisible();
  await page.getByRole('listbox', { name: 'Hits' }).getByRole('option').first().click();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Zz the last article' })).toBeAttached();
  await expect(row).toHaveAttribute('aria-current', 'page');
  // The whole row is in view inside the list.
  await expect(async () => {
    const [r, l] = [await row.boundingBox(), await list.boundingBox()];
    if (!r || !l) throw new Error('not rendered');
    expect(r.y).toBeGreaterThanOrEqual(l.y - 0.5);
    expect(r.y + r.height).toBeLessThanOrEqual(l.y + l.height + 0.5);
  }).toPass({ timeout: 5000 });
  // Only the list scrolled, not the page.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});
