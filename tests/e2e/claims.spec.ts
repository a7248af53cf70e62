/**
 * The Claims view, as an analyst uses it: one event told by several outlets. The same claim,
 * tagged in three articles with different stances and sources, reads across one row; filters
 * and sorting narrow the table; a cell opens its evidence and, from there, the article; marking
 * an article reviewed turns its empty cells into "not carried"; the table downloads as CSV.
 */
import fs from 'node:fs';
import type { Server } from './fixtures.js';
import {
  annotationList,
  ARUTZ,
  expect,
  GLOBAL_RESEARCH,
  openWorkbench,
  tagPhrase as tag,
  test,
  UPI,
} from './fixtures.js';

/** A claim in three articles, each mention with its own stance and source; one more claim in one article. */
async function seedClaims(server: Server) {
  const claim = await server.call('claims.create', { summary: 'A joint intelligence centre opens in Baghdad' });
  const peskov = await server.call('entities.create', { name: 'Dmitry Peskov', type: 'person' });
  const mentions: Array<{
    title: string;
    quote: string | [string, string];
    stance: string;
    source: string;
    sourceStance: string;
    cue: string;
  }> = [
    {
      title: GLOBAL_RESEARCH,
      quote: ['four countries were establishing', 'in Baghdad'] as [string, string],
      stance: 'reported',
      source: 'Dmitry Peskov',
      sourceStance: 'denied',
      cue: 'denied',
    },
    {
      title: ARUTZ,
      quote: 'agreed to set up an intelligence committee in Baghdad',
      stance: 'asserted',
      source: 'a spokesman',
      sourceStance: 'asserted',
      cue: 'said',
    },
    {
      title: UPI,
      quote: 'a joint intelligence-sharing center would be set up in Baghdad',
      stance: 'reported',
      source: 'Nasir Nouri Mohammed',
      sourceStance: 'asserted',
      cue: 'saying',
    },
  ];
  for (const m of mentions) {
    const annotation = await tag(server, m.title, m.quote, 'claim', { stance: m.stance });
    await server.call('annotations.update', { id: annotation.id, claimId: claim.id });
    const source = await tag(server, m.title, m.source, 'source');
    if (m.source === 'Dmitry Peskov') await server.call('annotations.update', { id: source.id, entityId: peskov.id });
    await server.call('relations.create', {
      fromId: annotation.id,
      toId: source.id,
      type: 'attributed_to',
      attributes: { stance: m.sourceStance, cue: m.cue },
    });
  }
  const other = await server.call('claims.create', { summary: 'No Russian advisers are in Iraq' });
  const alone = await tag(server, GLOBAL_RESEARCH, 'Iraq has not received any Russian military advisers', 'claim', {
    stance: 'asserted',
  });
  await server.call('annotations.update', { id: alone.id, claimId: other.id });
}

test('reads one claim across three outlets, filters, sorts, opens the evidence and downloads the table', async ({
  page,
  server,
}) => {
  await seedClaims(server);
  await openWorkbench(page, server);

  // The view's key shows it; the Read tab comes back; the tab by its name shows it again.
  await page.keyboard.press('Alt+Shift+C');
  const table = page.getByRole('table', { name: /^Claims by article/ });
  await expect(table).toBeVisible();
  await page.getByRole('tab', { name: 'Read' }).click();
  await expect(table).toBeHidden();
  await page.getByRole('tab', { name: 'Claims' }).click();
  await expect(page.getByRole('tab', { name: 'Claims' })).toHaveAttribute('aria-selected', 'true');

  // Outlets head the columns (the title in the header's name); one row per claim.
  for (const outlet of ['Global Research', 'Arutz Sheva', 'UPI', 'War Press Info Network', 'Mideast Time']) {
    await expect(table.getByRole('columnheader', { name: new RegExp(`^${outlet}`) })).toBeVisible();
  }
  await expect(table.getByRole('columnheader', { name: /^UPI: Iraq, Russia, Iran and Syria to share/ })).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(2);

  // The three cells: stance in words and the source (its entity's name, else its quote).
  const row = table.getByRole('row', { name: /A joint intelligence centre opens in Baghdad/ });
  await expect(row.getByRole('rowheader')).toContainText('first: Arutz Sheva · 27 Sep 2015');
  await expect(row.getByRole('button', { name: 'Global Research: reported — Dmitry Peskov (denied)' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Arutz Sheva: asserted — a spokesman (asserted)' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'UPI: reported — Nasir Nouri Mohammed (asserted)' })).toBeVisible();
  // Articles not marked reviewed: their empty cells are "not yet read".
  await expect(row.getByText('not yet read')).toHaveCount(2);

  // Filters: contested keeps the claim whose stances differ; one outlet only, the other one.
  const contested = page.getByRole('checkbox', { name: 'Contested' });
  await contested.check();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(row).toBeVisible();
  await contested.uncheck();
  await page.getByRole('checkbox', { name: 'One outlet only' }).check();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr')).toContainText('No Russian advisers are in Iraq');
  await page.getByRole('checkbox', { name: 'One outlet only' }).uncheck();

  // Narrowing (what makes a large corpus answerable): claims with some words, one outlet.
  const claimsWith = page.getByRole('searchbox', { name: 'Claims with' });
  await claimsWith.fill('advisers');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr')).toContainText('No Russian advisers are in Iraq');
  await claimsWith.fill('');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await page.getByRole('combobox', { name: 'Outlet' }).selectOption('UPI');
  await expect(table.getByRole('columnheader')).toHaveCount(2);
  await expect(table.getByRole('columnheader', { name: /^UPI/ })).toBeVisible();
  await page.getByRole('combobox', { name: 'Outlet' }).selectOption('');
  await expect(table.getByRole('columnheader')).toHaveCount(6);

  // Sorting: by claim, alphabetical; by number of outlets, the widely carried first.
  const sort = page.getByRole('combobox', { name: 'Sort claims' });
  await sort.selectOption({ label: 'Claim' });
  await expect(table.locator('tbody tr').first()).toContainText('A joint intelligence centre');
  await sort.selectOption({ label: 'Number of outlets' });
  await expect(table.locator('tbody tr').first()).toContainText('3 outlets');
  await expect(table.locator('tbody tr').last()).toContainText('No Russian advisers are in Iraq');

  // A cell opens its evidence: the passage with the quote marked, stance and source; Escape closes it.
  const cell = row.getByRole('button', { name: /^Global Research:/ });
  await cell.click();
  const evidence = page.getByRole('complementary', { name: 'Evidence: Global Research' });
  await expect(evidence.locator('mark')).toHaveText(
    /^four countries were establishing a .coordination cell. in Baghdad$/,
  );
  await expect(evidence).toContainText('but Dmitry Peskov, spokesman for Vladimir Putin, denied this');
  await expect(evidence).toContainText('attributed to Dmitry Peskov');
  await page.keyboard.press('Escape');
  await expect(evidence).toBeHidden();
  await expect(cell).toBeFocused();

  // By keyboard: Enter on a cell opens it; "Open in the article" lands in Read with the claim selected.
  await row.getByRole('button', { name: /^UPI:/ }).focus();
  await page.keyboard.press('Enter');
  const upiEvidence = page.getByRole('complementary', { name: 'Evidence: UPI' });
  await expect(upiEvidence.locator('mark')).toHaveText(
    'a joint intelligence-sharing center would be set up in Baghdad',
  );
  await upiEvidence.getByRole('button', { name: 'Open in the article' }).click();
  await expect(page.getByRole('heading', { level: 2, name: UPI })).toBeVisible();
  await expect(
    annotationList(page).getByRole('option', {
      name: 'Claim: a joint intelligence-sharing center would be set up in Baghdad',
      selected: true,
    }),
  ).toBeVisible();

  // Back in Claims: marking Mideast Time reviewed makes its empty cell say "not carried".
  await page.getByRole('tab', { name: 'Claims' }).click();
  await page.getByRole('checkbox', { name: 'Mark this article reviewed: Mideast Time' }).check();
  await expect(row.getByRole('cell', { name: 'not carried' })).toHaveCount(1);
  await expect(row.getByText('not yet read')).toHaveCount(1);
  const documents = await server.call('documents.list', {});
  expect(documents.find((d) => d.outlet === 'Mideast Time')?.reviewed).toBe(true);

  // The CSV: outlets as headers, sources in the cells.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('claims-matrix.csv');
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const [header, ...lines] = csv.split('\r\n');
  expect(header).toBe('Claim,First appearance,Arutz Sheva,Global Research,UPI,Mideast Time,War Press Info Network');
  expect(lines.join('\n')).toContain('reported: Dmitry Peskov (denied)');

  // The chart as an SVG file, its colours written in.
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download SVG' }).click(),
  ]);
  expect(svgDownload.suggestedFilename()).toBe('claims-by-outlet.svg');
  const svg = fs.readFileSync((await svgDownload.path())!, 'utf8');
  expect(svg).toMatch(/^<\?xml[^]*<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain('<title>Claims carried per outlet, by stance.');
  expect(svg).toMatch(/<rect [^>]*fill="rgb\(/);

  // The chart's table says the same numbers.
  await page.getByText('Show the table').click();
  const chartTable = page.getByRole('table', { name: 'Claims carried per outlet, by stance' });
  await expect(chartTable.getByRole('row', { name: /^Global Research/ })).toContainText('2');
  await expect(page.getByRole('img', { name: /Global Research: 2 claims \(1 asserted, 1 reported\)/ })).toBeVisible();
});

test('says how to make a claim when there is none', async ({ page, server }) => {
  await openWorkbench(page, server);
  await page.getByRole('tab', { name: 'Claims' }).click();
  await expect(page.getByText(/No claims yet\. .*tag it as a Claim.*link it to a claim/)).toBeVisible();
});
