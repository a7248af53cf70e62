/**
 * An article's details edited in the Read view, as an analyst corrects an import: title, outlet,
 * date and author; the text and its tags stay, the corpus list follows, undo takes it back in
 * one step, and Escape leaves the form without saving.
 */
import { annotationList, expect, openDocument, openWorkbench, tagPhrase, test, UPI } from './fixtures.js';

test('edits an article’s details in place, keeps its tags, and undoes the edit in one step', async ({
  page,
  server,
}) => {
  await tagPhrase(server, UPI, 'Daesh', 'armed-group');
  await openWorkbench(page, server);
  await openDocument(page, UPI);
  const header = page.locator('.article-header');
  await expect(header).toContainText('UPI · 28 Sep 2015');

  // Escape leaves the form without saving; the focus goes back to the button.
  await page.getByRole('button', { name: 'Edit the article’s details' }).click();
  const form = page.getByRole('form', { name: 'The article’s details' });
  await form.getByRole('textbox', { name: 'Outlet' }).fill('Nobody');
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit the article’s details' })).toBeFocused();
  await expect(header).toContainText('UPI · 28 Sep 2015');

  // Save: the outlet, the date and the author show under the title; Enter saves.
  await page.getByRole('button', { name: 'Edit the article’s details' }).click();
  await form.getByRole('textbox', { name: 'Outlet' }).fill('United Press International');
  await form.getByLabel('Published').fill('2015-09-27');
  await form.getByRole('textbox', { name: 'Author' }).fill('Ed Adamczyk');
  await form.getByRole('textbox', { name: 'Author' }).press('Enter');
  await expect(form).toHaveCount(0);
  await expect(header).toContainText('United Press International · 27 Sep 2015 · by Ed Adamczyk');
  // The corpus list follows; the tag is still there, on the same text.
  const corpus = page.getByRole('navigation', { name: 'Documents' });
  await expect(corpus.getByRole('button', { name: new RegExp(`^${UPI}`) })).toContainText('United Press International');
  await expect(annotationList(page).getByRole('option', { name: 'Armed group: Daesh' })).toBeVisible();
  const [doc] = (await server.call('documents.list', {})).filter((d) => d.title === UPI);
  expect(doc).toMatchObject({ outlet: 'United Press International', publishedAt: '2015-09-27' });

  // One undo takes the whole edit back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(header).toContainText('UPI · 28 Sep 2015');
  await expect(header).not.toContainText('Ed Adamczyk');
});
