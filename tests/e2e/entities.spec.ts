/**
 * The Entities view, as an analyst uses it: two entities made on the seed corpus (Islamic State,
 * alias ISIS, in two articles; Daesh in a third mention), found by tab, by key and by filter,
 * opened from the keyboard; its names per outlet and its chart; renamed, an alias added; Daesh
 * merged into it (aliases and mentions combined) and the merge undone; a mention moved off to a
 * new entity; and a mention a click away in the Read view.
 */
import type { Page } from '@playwright/test';
import type { Document } from '../../common/domain.js';
import { annotationList, ARUTZ, expect, openWorkbench, test, UPI, type Server } from './fixtures.js';

async function tagEntity(server: Server, doc: Document, needle: string, entityId: string) {
  const start = doc.text.indexOf(needle);
  if (start < 0) throw new Error(`“${needle}” is not in ${doc.title}`);
  await server.call('annotations.create', {
    documentId: doc.id,
    labelId: 'armed-group',
    fragments: [{ start, end: start + needle.length }],
    entityId,
  });
}

/** Islamic State (alias ISIS) twice in Arutz Sheva and once in UPI; Daesh once in UPI. */
async function makeEntities(server: Server) {
  const summaries = await server.call('documents.list', {});
  const get = async (title: string) =>
    server.call('documents.get', { id: summaries.find((d) => d.title === title)!.id });
  const [arutz, upi] = [await get(ARUTZ), await get(UPI)];
  const islamicState = await server.call('entities.create', {
    name: 'Islamic State',
    type: 'group',
    aliases: ['ISIS'],
  });
  const daesh = await server.call('entities.create', { name: 'Daesh', type: 'group' });
  await tagEntity(server, arutz, 'Islamic State', islamicState.id);
  await tagEntity(server, arutz, 'ISIS', islamicState.id);
  await tagEntity(server, upi, 'Islamic State', islamicState.id);
  await tagEntity(server, upi, 'Daesh', daesh.id);
}

function entityList(page: Page) {
  return page.getByRole('listbox', { name: 'Entities' });
}

function detail(page: Page) {
  return page.locator('.entities-detail');
}

test('shows the entities across the articles, edits, merges, undoes, splits and goes to a mention', async ({
  page,
  server,
}) => {
  await makeEntities(server);
  await openWorkbench(page, server);

  // The tab by name, then back to Read and the view by its key.
  await page.getByRole('tab', { name: 'Entities' }).click();
  await expect(entityList(page).getByRole('option')).toHaveCount(2);
  await page.getByRole('tab', { name: 'Read' }).click();
  await expect(entityList(page)).toHaveCount(0);
  await page.keyboard.press('Alt+Shift+E');
  const list = entityList(page);
  await expect(list.getByRole('option')).toHaveCount(2);
  await expect(list.getByRole('option').first()).toContainText('Islamic State');
  await expect(list.getByRole('option').first()).toContainText('3 mentions · 2 outlets');

  // Filter by an alias, and by type.
  const filter = page.getByRole('searchbox', { name: 'Filter entities' });
  await filter.fill('isis');
  await expect(list.getByRole('option')).toHaveCount(1);
  await filter.fill('');
  await page.getByRole('combobox', { name: 'Type' }).selectOption('person');
  await expect(page.getByText('No entity matches.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Type' }).selectOption('');
  await expect(list.getByRole('option')).toHaveCount(2);

  // The keyboard: into the list, down to Daesh, up again, Enter opens.
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Daesh' })).toBeFocused();
  await list.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Islamic State' })).toBeVisible();
  await expect(list.getByRole('option', { name: /Islamic State/, selected: true })).toBeVisible();

  // The names used per outlet, and the chart with its numbers.
  const forms = detail(page).getByRole('table').first();
  await expect(forms.getByRole('row', { name: /Arutz Sheva/ })).toContainText('Islamic State');
  await expect(forms.getByRole('row', { name: /Arutz Sheva/ })).toContainText('ISIS');
  await expect(forms.getByRole('row', { name: /UPI/ })).toContainText('Islamic State');
  await expect(page.getByRole('img', { name: /Islamic State: 3 mentions in 2 outlets/ })).toBeVisible();

  // Rename in place (Enter saves), and add an alias.
  await detail(page).getByRole('button', { name: 'Rename' }).click();
  const name = page.getByRole('textbox', { name: 'Name of Islamic State' });
  await expect(name).toBeFocused();
  await name.fill('Islamic State group');
  await name.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Islamic State group' })).toBeVisible();
  await page.getByRole('textbox', { name: 'New alias of Islamic State group' }).fill('ISIL');
  await page.getByRole('button', { name: 'Add alias' }).click();
  await expect(page.getByRole('button', { name: 'Remove alias ISIL' })).toBeVisible();

  // Merge Daesh into it: the aliases and the mentions of both come together.
  await list.getByRole('option', { name: /Daesh/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Daesh' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Merge into…' }).fill('islamic');
  await page
    .getByRole('listbox', { name: 'Merge into…: entities' })
    .getByRole('option', { name: /Islamic State group/ })
    .click();
  await page.getByRole('button', { name: 'Merge into Islamic State group' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Islamic State group' })).toBeVisible();
  const aliases = page.getByRole('list', { name: 'Aliases of Islamic State group' });
  await expect(aliases.getByRole('listitem')).toHaveText([/ISIS/, /ISIL/, /Daesh/]);
  await expect(detail(page).getByRole('button', { name: /^Go to mention/ })).toHaveCount(4);
  await expect(list.getByRole('option')).toHaveCount(1);

  // Undo (Ctrl+Z in the workbench) brings the two entities back.
  await page.locator('body').focus();
  await page.keyboard.press('Control+z');
  await expect(list.getByRole('option')).toHaveCount(2);
  expect((await server.call('entities.list', {})).map((e) => e.name).sort()).toEqual(['Daesh', 'Islamic State group']);

  // Move one mention off to a new entity: named by its quote, of the same type.
  await list.getByRole('option', { name: /Islamic State group/ }).click();
  await detail(page).getByRole('button', { name: 'Move “ISIS” in Arutz Sheva to a new entity' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'ISIS' })).toBeVisible();
  await expect(list.getByRole('option')).toHaveCount(3);
  const split = (await server.call('entities.list', {})).find((e) => e.name === 'ISIS');
  expect(split).toMatchObject({ name: 'ISIS', type: 'group', mentionCount: 1 });

  // A mention is a click away: the Read view, that article, that annotation selected.
  await list.getByRole('option', { name: /Islamic State group/ }).click();
  await detail(page).getByRole('button', { name: 'Go to mention “Islamic State” in UPI' }).click();
  await expect(page.getByRole('heading', { level: 2, name: UPI })).toBeVisible();
  await expect(
    annotationList(page).getByRole('option', { name: 'Armed group: Islamic State', selected: true }),
  ).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Read', selected: true })).toBeVisible();
});

test('deletes an entity with its mentions left unlinked, and says how to make one when there is none', async ({
  page,
  server,
}) => {
  await openWorkbench(page, server);
  await page.getByRole('tab', { name: 'Entities' }).click();
  await expect(page.getByText(/No entities yet\. In the Read view, tag a name/)).toBeVisible();

  await makeEntities(server);
  const list = entityList(page);
  await expect(list.getByRole('option')).toHaveCount(2);
  await list.getByRole('option', { name: /Daesh/ }).click();
  await detail(page).getByRole('button', { name: 'Delete entity…' }).click();
  await detail(page).getByRole('button', { name: 'Delete Daesh' }).click();
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(page.getByText('Choose an entity to see its names, outlets and mentions.')).toBeVisible();
  const armed = await server.call('annotations.list', { labelId: 'armed-group' });
  expect(armed).toHaveLength(4);
  expect(armed.filter((a) => a.entityId === null).map((a) => a.quote)).toEqual(['Daesh']);
});

test('lists a large index a page at a time, and reads a chosen entity on its own', async ({ page, server }) => {
  for (let i = 0; i < 205; i++) {
    await server.call('entities.create', { name: `Militia ${String(i).padStart(3, '0')}`, type: 'group' });
  }
  await openWorkbench(page, server);
  await page.keyboard.press('Alt+Shift+E');
  const list = page.getByRole('listbox', { name: 'Entities' });
  await expect(list.getByRole('option')).toHaveCount(200);
  await expect(page.getByRole('heading', { name: /^Entities/ })).toContainText('200+ of 205');
  await page.getByRole('button', { name: 'Show 200 more entities' }).click();
  await expect(list.getByRole('option')).toHaveCount(205);
  await expect(page.getByRole('button', { name: 'Show 200 more entities' })).toHaveCount(0);

  // The chosen entity stays shown when the filter hides it.
  await list.getByRole('option', { name: /^Militia 204,/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Militia 204' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter entities' }).fill('Militia 00');
  await expect(list.getByRole('option')).toHaveCount(10);
  await expect(page.getByRole('heading', { level: 2, name: 'Militia 204' })).toBeVisible();
});
