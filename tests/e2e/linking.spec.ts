/**
 * Linking across the corpus: an entity mention linked to a new canonical entity, an alias added,
 * the same entity found from another article by one of its aliases, its mentions listed and a
 * click away; a claim attributed to its source with "Pick source". All stored as shown, and
 * still there after a reload.
 */
import {
  annotationList,
  ARUTZ,
  dragSelect,
  expect,
  openDocument,
  openWorkbench,
  pointOf,
  reader,
  test,
  UPI,
} from './fixtures.js';

test('links an entity to a new canonical entity, adds an alias, and finds it from another article', async ({
  page,
  server,
}) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);

  // Tag “Islamic State” as an armed group (keyboard key `a`).
  await dragSelect(page, 'Islamic State');
  await page.keyboard.press('a');
  await expect(annotationList(page).getByRole('option', { name: 'Armed group: Islamic State' })).toBeVisible();

  // Link it to a new canonical entity, created in place from the combobox.
  const link = page.getByRole('combobox', { name: 'Link to an entity' });
  await link.fill('Islamic State');
  await page.getByRole('option', { name: 'Create new group “Islamic State”' }).click();
  await expect(page.getByRole('heading', { name: 'Names of Islamic State' })).toBeVisible();

  // Add two aliases: one typed, one by keyboard only.
  const alias = page.getByRole('textbox', { name: 'New alias of Islamic State' });
  await alias.fill('Daesh');
  await page.getByRole('button', { name: 'Add alias' }).click();
  await expect(page.getByRole('list', { name: 'Aliases of Islamic State' }).getByText('Daesh')).toBeVisible();
  await alias.fill('ISIL');
  await alias.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove alias ISIL' })).toBeVisible();

  const [entity] = await server.call('entities.list', { query: 'Islamic State' });
  expect(entity).toMatchObject({ name: 'Islamic State', type: 'group', aliases: ['Daesh', 'ISIL'] });
  const stored = await server.call('annotations.list', { entityId: entity!.id });
  expect(stored.map((a) => a.quote)).toEqual(['Islamic State']);

  // Another article calls it Daesh: tag it there and find the entity by that alias.
  await openDocument(page, UPI);
  await dragSelect(page, 'Daesh');
  await page.keyboard.press('a');
  // Before anything is typed, the box offers the entity the quote names (an alias here), and no
  // twin to create.
  const box = page.getByRole('combobox', { name: 'Link to an entity' });
  await expect(box).toHaveValue('');
  await box.focus();
  const suggestions = page.getByRole('listbox', { name: 'Link to an entity: suggestions' });
  await expect(suggestions.getByRole('option').first()).toHaveAccessibleName(/^Islamic State \(group\)/);
  await expect(suggestions.getByRole('option', { name: /^Create new/ })).toHaveCount(0);
  await box.fill('daesh');
  await expect(page.getByRole('option', { name: /^Islamic State \(group\)/ })).toBeVisible();
  // Enter links the highlighted match; the focus stays in the inspector, on "Change link".
  await box.press('Enter');
  await expect(page.getByRole('button', { name: 'Change link' })).toBeFocused();
  const mentions = page.getByRole('region', { name: /Mentions across the corpus/ });
  await expect(mentions.getByRole('button')).toHaveCount(2);

  // A mention is a click away: it opens the other article and selects that annotation.
  await mentions.getByRole('button', { name: /Arutz Sheva/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: ARUTZ })).toBeAttached();
  await expect(
    annotationList(page).getByRole('option', { name: 'Armed group: Islamic State', selected: true }),
  ).toBeVisible();
  expect(await server.call('entities.mentions', { id: entity!.id })).toHaveLength(2);

  // After a reload, the link and the aliases are still there.
  await page.reload();
  await annotationList(page).getByRole('option', { name: 'Armed group: Islamic State' }).click();
  await expect(page.getByRole('heading', { name: 'Names of Islamic State' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove alias Daesh' })).toBeVisible();
});

test('attributes a claim to its source with Pick source, and removes the relation', async ({ page, server }) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);
  const claimText = 'the center in Baghdad would be managed on a rotational basis';
  await dragSelect(page, claimText);
  await page.keyboard.press('c');
  await dragSelect(page, 'military-diplomatic source');
  await page.keyboard.press('s');
  const list = annotationList(page);
  await expect(list.getByRole('option', { name: 'Source: military-diplomatic source' })).toBeVisible();

  // Select the claim (click in the text), set its stance, link it to a new canonical claim.
  const p = await pointOf(page, 'rotational basis', 0, 3);
  await page.mouse.click(p.x, p.y);
  await expect(page.getByRole('combobox', { name: 'Label' })).toHaveValue('claim');
  await page.getByRole('combobox', { name: 'Stance' }).selectOption('reported');
  await page.getByRole('combobox', { name: 'Link to a claim' }).fill('The Baghdad center rotates, Iraq first');
  await page.getByRole('option', { name: /^Create new claim/ }).click();
  // Once linked, the type-ahead (whose hidden list may still hold the new claim) gives way to the link.
  await expect(page.getByRole('combobox', { name: 'Link to a claim' })).toHaveCount(0);
  await expect(
    page.getByRole('complementary', { name: 'Annotation' }).getByText('The Baghdad center rotates, Iraq first'),
  ).toBeVisible();

  // "attributed to" → Pick source → click the source in the text.
  await page.getByRole('combobox', { name: 'New relation' }).selectOption('attributed_to');
  await page.getByRole('button', { name: 'Pick source' }).click();
  await expect(page.getByText(/Pick the annotation that/)).toBeVisible();
  const s = await pointOf(page, 'military-diplomatic source', 0, 2);
  await page.mouse.click(s.x, s.y);
  const relations = page.getByRole('region', { name: 'Relations' });
  await expect(
    relations.getByRole('button', { name: 'Source: military-diplomatic source', exact: true }),
  ).toBeVisible();

  const claims = await server.call('annotations.list', { labelId: 'claim' });
  expect(claims).toHaveLength(1);
  expect(claims[0]).toMatchObject({ quote: claimText, attributes: { stance: 'reported' } });
  expect(claims[0]?.claimId).toBeTruthy();
  const stored = await server.call('relations.list', { annotationId: claims[0]!.id });
  expect(stored).toMatchObject([{ type: 'attributed_to', fromId: claims[0]!.id }]);

  // Pick mode works by keyboard too: Tab to a candidate, Enter picks it.
  await page.getByRole('combobox', { name: 'New relation' }).selectOption('supports');
  await page.getByRole('button', { name: 'Pick target' }).click();
  await expect(reader(page)).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(relations.getByRole('listitem')).toHaveCount(2);

  // Remove the first relation with its button.
  await relations.getByRole('button', { name: /^Remove relation: attributed to/ }).click();
  await expect(relations.getByRole('listitem')).toHaveCount(1);
  expect(await server.call('relations.list', { type: 'attributed_to' })).toHaveLength(0);
});

test('picks the source of a claim in another article', async ({ page, server }) => {
  await openWorkbench(page, server);
  // The source, tagged in the UPI article.
  await openDocument(page, UPI);
  await dragSelect(page, 'Daesh');
  await page.keyboard.press('s');
  await expect(annotationList(page).getByRole('option', { name: 'Source: Daesh' })).toBeVisible();

  // The claim, in the Arutz Sheva article; "Pick source", then open UPI and click the source.
  await openDocument(page, ARUTZ);
  await dragSelect(page, 'the center in Baghdad would be managed on a rotational basis');
  await page.keyboard.press('c');
  await page.getByRole('button', { name: 'Pick source' }).click();
  await page
    .getByRole('navigation', { name: 'Documents' })
    .getByRole('button', { name: new RegExp(`^${UPI}`) })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: UPI })).toBeAttached();
  await expect(page.getByText(/Pick the annotation that/)).toBeVisible();
  const p = await pointOf(page, 'Daesh', 0, 1);
  await page.mouse.click(p.x, p.y);

  // Back in the claim's article, the relation is listed with the other article's outlet.
  await expect(page.getByRole('heading', { level: 2, name: ARUTZ })).toBeAttached();
  const relations = page.getByRole('region', { name: 'Relations' });
  await expect(relations.getByRole('button', { name: 'Source: Daesh', exact: true })).toBeVisible();
  await expect(relations).toContainText('UPI');
  const [claim] = await server.call('annotations.list', { labelId: 'claim' });
  const [source] = await server.call('annotations.list', { labelId: 'source' });
  expect(await server.call('relations.list', { annotationId: claim!.id })).toMatchObject([
    { fromId: claim!.id, toId: source!.id, type: 'attributed_to' },
  ]);
});

test('the pick banner lies over the toolbar: the text does not move, and Cancel is reached by Tab', async ({
  page,
  server,
}) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);
  await dragSelect(page, 'the center in Baghdad would be managed on a rotational basis');
  await page.keyboard.press('c');
  await expect(annotationList(page).getByRole('option', { name: /^Claim: / })).toBeVisible();

  const line = page.locator('.reader-text > *').nth(1);
  const heading = page.getByRole('heading', { level: 2, name: ARUTZ });
  const before = [await line.boundingBox(), await heading.boundingBox()];
  await page.getByRole('button', { name: 'Pick source' }).click();
  const banner = page.getByRole('status').filter({ hasText: 'Pick the annotation that' });
  await expect(banner).toBeVisible();
  expect([await line.boundingBox(), await heading.boundingBox()]).toEqual(before);

  // The banner is on top (what is under its middle is the banner), and Cancel is reached by Tab
  // from the annotation list just before it; the covered toolbar is skipped.
  const box = await banner.boundingBox();
  if (!box) throw new Error('no banner box');
  expect(
    await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.pick-banner') !== null, {
      x: box.x + box.width / 2,
      y: box.y + box.height / 2,
    }),
  ).toBe(true);
  await annotationList(page).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Cancel picking' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(banner).toHaveCount(0);
  expect([await line.boundingBox(), await heading.boundingBox()]).toEqual(before);
});
