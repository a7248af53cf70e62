/**
 * One claim, three outlets, tagged by hand the way an analyst does it: in each article select
 * the claim and press `c`, give its stance, link it to the one canonical claim (created in the
 * first article, found in the others), tag the source with `s`, attribute the claim to it with
 * "Pick source", and give the source's own stance and cue on that relation. The Claims view then
 * reads the three cells: outlet, stance, source with its stance.
 */
import type { Page } from '@playwright/test';
import {
  ARUTZ,
  dragSelect,
  expect,
  GLOBAL_RESEARCH,
  inspector,
  openDocument,
  openWorkbench,
  pointOf,
  test,
  UPI,
} from './fixtures.js';

const SUMMARY = 'The four countries set up a joint centre in Baghdad';

interface Tagging {
  title: string;
  claim: string;
  stance: string;
  source: string;
  sourceStance: string;
  cue: string;
  first?: boolean;
}

async function tagByHand(page: Page, t: Tagging) {
  await openDocument(page, t.title);
  await dragSelect(page, t.source);
  await page.keyboard.press('s');
  await expect(inspector(page)).toContainText(t.source);
  await dragSelect(page, t.claim);
  await page.keyboard.press('c');
  await expect(page.getByRole('combobox', { name: 'Label' })).toHaveValue('claim');

  await page.getByRole('combobox', { name: 'Stance' }).selectOption(t.stance);
  const link = page.getByRole('combobox', { name: 'Link to a claim' });
  await link.fill(t.first ? SUMMARY : 'joint centre');
  await page.getByRole('option', { name: t.first ? /^Create new claim/ : new RegExp(`^${SUMMARY}`) }).click();
  await expect(inspector(page).getByText(SUMMARY)).toBeVisible();

  await page.getByRole('combobox', { name: 'New relation' }).selectOption('attributed_to');
  await page.getByRole('button', { name: 'Pick source' }).click();
  const s = await pointOf(page, t.source, 0, 1);
  await page.mouse.click(s.x, s.y);
  const relations = page.getByRole('region', { name: 'Relations' });
  await expect(relations.getByRole('button', { name: `Source: ${t.source}`, exact: true })).toBeVisible();

  // The source's own stance and cue, on the relation.
  await relations.getByRole('combobox', { name: `Stance of Source: ${t.source}` }).selectOption(t.sourceStance);
  const cue = relations.getByRole('textbox', { name: `Cue for Source: ${t.source}` });
  await cue.fill(t.cue);
  await cue.press('Enter');
  await expect(cue).toHaveValue(t.cue);
}

test('tags one claim in three articles by hand, with stances and sources, and reads it across the outlets', async ({
  page,
  server,
}) => {
  test.setTimeout(120_000);
  await openWorkbench(page, server);
  const taggings: Tagging[] = [
    {
      title: ARUTZ,
      claim: 'agreed to set up an intelligence committee in Baghdad',
      stance: 'asserted',
      source: 'a spokesman',
      sourceStance: 'asserted',
      cue: 'said',
      first: true,
    },
    {
      title: GLOBAL_RESEARCH,
      claim: 'four countries were establishing',
      stance: 'reported',
      source: 'Dmitry Peskov',
      sourceStance: 'denied',
      cue: 'denied this',
    },
    {
      title: UPI,
      claim: 'a joint intelligence-sharing center would be set up in Baghdad',
      stance: 'reported',
      source: 'Nasir Nouri Mohammed',
      sourceStance: 'asserted',
      cue: 'quoted … as saying',
    },
  ];
  for (const t of taggings) await tagByHand(page, t);

  // Stored as shown: one claim, three mentions, each attributed with the source's stance and cue.
  const claims = await server.call('claims.list', {});
  expect(claims.map((c) => c.summary)).toEqual([SUMMARY]);
  const relations = await server.call('relations.list', { type: 'attributed_to' });
  expect(relations.map((r) => r.attributes).sort((a, b) => (a.cue ?? '').localeCompare(b.cue ?? ''))).toEqual([
    { stance: 'denied', cue: 'denied this' },
    { stance: 'asserted', cue: 'quoted … as saying' },
    { stance: 'asserted', cue: 'said' },
  ]);

  // The Claims view reads the row across the outlets.
  await page.getByRole('tab', { name: 'Claims' }).click();
  const row = page.getByRole('table', { name: /^Claims by article/ }).getByRole('row', { name: new RegExp(SUMMARY) });
  await expect(row.getByRole('button', { name: 'Arutz Sheva: asserted — a spokesman (asserted)' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Global Research: reported — Dmitry Peskov (denied)' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'UPI: reported — Nasir Nouri Mohammed (asserted)' })).toBeVisible();

  // A cell's evidence leads back to the passage, selected in its article.
  await row.getByRole('button', { name: /^Global Research: reported/ }).click();
  await expect(page.getByRole('complementary', { name: /^Evidence/ })).toContainText('“denied this”');
  await page.getByRole('button', { name: 'Open in the article' }).click();
  await expect(page.getByRole('heading', { level: 2, name: GLOBAL_RESEARCH })).toBeAttached();
  await expect(page.getByRole('combobox', { name: 'Label' })).toHaveValue('claim');
  await expect(inspector(page)).toContainText('four countries were establishing');

  // Undo takes back the last cue, one step at a time.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect
    .poll(async () =>
      (await server.call('relations.list', { type: 'attributed_to' })).map((r) => r.attributes.cue ?? null).sort(),
    )
    .toContain(null);
});
