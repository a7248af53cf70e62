/**
 * Overlapping, nested and discontinuous annotations: all painted, each reachable by click, by
 * keyboard and in the list, each named; hovering shows them all, and a discontinuous one lights
 * up as one.
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
  type Server,
} from './fixtures.js';

const CLAIM = 'Iraq, Russia, Iran and Syria have agreed to set up an intelligence committee in Baghdad';

async function seedOverlaps(server: Server) {
  const docs = await server.call('documents.list', {});
  const doc = docs.find((d) => d.title === ARUTZ);
  if (!doc) throw new Error('seed article missing');
  const { text } = await server.call('documents.get', { id: doc.id });
  const span = (phrase: string, from = 0) => {
    const start = text.indexOf(phrase, from);
    return { start, end: start + phrase.length };
  };
  const claim = span(CLAIM);
  await server.call('annotations.create', { documentId: doc.id, labelId: 'claim', fragments: [claim] });
  await server.call('annotations.create', {
    documentId: doc.id,
    labelId: 'country',
    fragments: [span('Iraq', claim.start)],
  });
  // One source in two pieces: “Saad al-Hadithi, a spokesman … told the AFP news agency”.
  const who = span('Saad al-Hadithi, a spokesman');
  const told = span('told the AFP news agency');
  await server.call('annotations.create', { documentId: doc.id, labelId: 'source', fragments: [who, told] });
  return doc;
}

test('nested annotations are both reachable and named; a discontinuous one acts as one', async ({ page, server }) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);
  // Created through the API while the page is open: the page follows.
  await seedOverlaps(server);
  const list = annotationList(page);
  await expect(list.getByRole('option', { name: `Claim: ${CLAIM}` })).toBeVisible();
  await expect(list.getByRole('option', { name: 'Country: Iraq' })).toBeVisible();
  await expect(
    list.getByRole('option', { name: 'Source: Saad al-Hadithi, a spokesman … told the AFP news agency' }),
  ).toBeVisible();

  // Click on “Iraq” selects the innermost (Country); clicking the same spot again, the Claim.
  const iraq = await pointOf(page, CLAIM, 0, 1);
  await page.mouse.click(iraq.x, iraq.y);
  await expect(page.getByRole('combobox', { name: 'Label' })).toHaveValue('country');
  await page.mouse.click(iraq.x, iraq.y);
  await expect(page.getByRole('combobox', { name: 'Label' })).toHaveValue('claim');

  // Hovering shows a tooltip naming both.
  await page.mouse.move(iraq.x + 1, iraq.y);
  const tooltip = page.getByRole('tooltip');
  await expect(tooltip).toContainText('Country');
  await expect(tooltip).toContainText('Claim');

  // Hovering one piece of the discontinuous source lights up both pieces.
  const told = await pointOf(page, 'told the AFP', 0, 2);
  await page.mouse.move(told.x, told.y);
  await expect(tooltip).toContainText('Source');
  await expect.poll(() => page.evaluate(() => CSS.highlights.get('tri-hover')?.size ?? 0)).toBe(2);

  // By keyboard: Tab from the start of the text visits the claim, then the country nested in it.
  await reader(page).focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Tab');
  await expect(list.getByRole('option', { selected: true })).toHaveAccessibleName(`Claim: ${CLAIM}`);
  await page.keyboard.press('Tab');
  await expect(list.getByRole('option', { selected: true })).toHaveAccessibleName('Country: Iraq');
  await page.keyboard.press('Tab');
  await expect(list.getByRole('option', { selected: true })).toHaveAccessibleName(/^Source: Saad al-Hadithi/);
  await page.keyboard.press('Shift+Tab');
  await expect(list.getByRole('option', { selected: true })).toHaveAccessibleName('Country: Iraq');
  await expect(page.getByTestId('announcer')).toContainText('Country: Iraq, 2 of 3');

  // And from the list: arrow keys and Enter select in the text.
  await list.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Label' })).toHaveValue('claim');
});

test('adding an overlapping fragment is refused with a readable message', async ({ page, server }) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);
  await seedOverlaps(server);
  const list = annotationList(page);
  await list.getByRole('option', { name: 'Country: Iraq' }).click();
  await expect(page.getByRole('combobox', { name: 'Label' })).toHaveValue('country');
  // Select the same word again and try to add it as a second fragment: the workspace refuses.
  await dragSelect(page, 'Iraq', 1);
  await page.keyboard.press('+');
  await expect(page.getByRole('alert')).toContainText('Could not add the fragment');
  await expect(page.getByRole('alert')).toContainText('overlaps');
});

test('Alt+drag adds a second fragment to the selected annotation, shown and stored as one', async ({
  page,
  server,
}) => {
  await openWorkbench(page, server);
  await openDocument(page, ARUTZ);
  const doc = await seedOverlaps(server);
  const list = annotationList(page);
  await list.getByRole('option', { name: 'Country: Iraq' }).click();
  // Alt+drag over “Syria” in the title line: one Country annotation, two fragments.
  await page.keyboard.down('Alt');
  await dragSelect(page, 'Syria');
  await page.keyboard.up('Alt');
  await expect(list.getByRole('option', { name: 'Country: Syria … Iraq' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Label' })).toHaveValue('country');
  await expect(page.getByText('(2 fragments)')).toBeVisible();
  await expect
    .poll(async () =>
      (await server.call('annotations.list', { documentId: doc.id, labelId: 'country' })).map(
        (a) => a.fragments.length,
      ),
    )
    .toEqual([2]);
});
