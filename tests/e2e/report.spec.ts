/**
 * The comparison report, as an analyst sends it to an editor: with one claim tagged in two
 * articles (and its sources, and an entity under two names), "Export report…" in the Claims view
 * downloads one HTML file; opened on its own it shows the matrix with the outlets and stances,
 * loads nothing from anywhere, and prints (a PDF with pages). A screenshot of it at 1440 px in
 * light mode and the PDF are left in the test's output folder to be looked at.
 */
import fs from 'node:fs';
import type { Server } from './fixtures.js';
import { ARUTZ, expect, GLOBAL_RESEARCH, openWorkbench, tagPhrase, test, UPI } from './fixtures.js';

/** One claim in two articles with different stances and sources; an entity under two names. */
async function seed(server: Server) {
  const claim = await server.call('claims.create', { summary: 'A joint intelligence centre opens in Baghdad' });
  const peskov = await server.call('entities.create', { name: 'Dmitry Peskov', type: 'person' });
  const mentions = [
    {
      title: GLOBAL_RESEARCH,
      quote: ['four countries were establishing', 'in Baghdad'] as [string, string],
      stance: 'reported',
      source: 'Dmitry Peskov',
      sourceStance: 'denied',
      cue: 'denied',
    },
    {
      title: UPI,
      quote: 'a joint intelligence-sharing center would be set up in Baghdad',
      stance: 'asserted',
      source: 'Nasir Nouri Mohammed',
      sourceStance: 'asserted',
      cue: 'saying',
    },
  ];
  for (const m of mentions) {
    const mention = await tagPhrase(server, m.title, m.quote, 'claim', { stance: m.stance });
    await server.call('annotations.update', { id: mention.id, claimId: claim.id });
    const source = await tagPhrase(
      server,
      m.title,
      m.source,
      'source',
      undefined,
      m.source === 'Dmitry Peskov' ? { entityId: peskov.id } : {},
    );
    await server.call('relations.create', {
      fromId: mention.id,
      toId: source.id,
      type: 'attributed_to',
      attributes: { stance: m.sourceStance, cue: m.cue },
    });
  }
  const isis = await server.call('entities.create', {
    name: 'Islamic State',
    type: 'group',
    aliases: ['ISIS', 'Daesh'],
  });
  await tagPhrase(server, UPI, 'Daesh', 'armed-group', undefined, { entityId: isis.id });
  await tagPhrase(server, ARUTZ, 'ISIS', 'armed-group', undefined, { entityId: isis.id });
}

test('exports the comparison report from the Claims view and opens it: matrix, stances, no loads, prints', async ({
  page,
  server,
}, testInfo) => {
  await seed(server);
  await openWorkbench(page, server);

  // The toolbar offers it too, by its name.
  await expect(page.getByRole('banner').getByRole('button', { name: 'Export report…' })).toBeVisible();

  await page.getByRole('tab', { name: 'Claims' }).click();
  await expect(page.getByRole('table', { name: /^Claims by article/ })).toBeVisible();
  const button = page.locator('.claims-view').getByRole('button', { name: 'Export report…' });
  const downloading = page.waitForEvent('download');
  await button.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^triangulate-report-\d{4}-\d{2}-\d{2}\.html$/);
  await expect(
    page.getByRole('status').filter({ hasText: /Exported the report \(1 claim across 5 articles\)/ }),
  ).toBeVisible();
  await expect(button).toHaveAttribute('aria-busy', 'false');

  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const html = fs.readFileSync(file, 'utf8');
  expect(html).not.toMatch(/<script|<link|https?:\/\//i);

  // Opened on its own, in a fresh page, with nothing but the file.
  const report = await page.context().newPage();
  const requests: string[] = [];
  report.on('request', (request) => {
    if (!request.url().startsWith('file://')) requests.push(request.url());
  });
  await report.setViewportSize({ width: 1440, height: 900 });
  await report.emulateMedia({ colorScheme: 'light', media: 'screen' });
  await report.goto(`file://${file}`);
  await expect(report).toHaveTitle('Comparison report');
  await expect(report.getByRole('heading', { level: 1, name: 'Comparison report' })).toBeVisible();

  const matrix = report.getByRole('table', { name: /^1 claim across 5 articles/ });
  await expect(matrix).toBeVisible();
  for (const outlet of ['Global Research', 'War Press Info Network', 'Arutz Sheva', 'UPI', 'Mideast Time']) {
    await expect(matrix.getByRole('columnheader', { name: new RegExp(`^${outlet}`) })).toBeVisible();
  }
  const row = matrix.getByRole('row', { name: /A joint intelligence centre opens in Baghdad/ });
  await expect(row.getByRole('cell', { name: 'reported — Dmitry Peskov denied' })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'asserted — Nasir Nouri Mohammed asserted' })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'not yet read' })).toHaveCount(3);

  // The evidence per claim, the charts (images with their tables) and the entity index.
  const block = report.getByRole('article', { name: 'A joint intelligence centre opens in Baghdad' });
  await expect(block.getByRole('heading', { level: 4, name: /^UPI/ })).toBeVisible();
  await expect(block.getByText('a joint intelligence-sharing center would be set up in Baghdad')).toBeVisible();
  await expect(
    report.getByRole('img', {
      name: /^Claims carried per outlet, by stance\. .*Global Research: 1 claim \(1 reported\); UPI: 1 claim \(1 asserted\)/,
    }),
  ).toBeVisible();
  await expect(
    report.getByRole('table', { name: /numbers behind the chart: claims carried per outlet/ }),
  ).toBeVisible();
  const entities = report.getByRole('table', { name: /^2 entities mentioned in these articles/ });
  await expect(entities.getByRole('row', { name: /Islamic State group ISIS, Daesh 2/ })).toBeVisible();

  await report.screenshot({ path: testInfo.outputPath('report-1440-light.png'), fullPage: true });
  fs.copyFileSync(testInfo.outputPath('report-1440-light.png'), '/tmp/report-1440-light.png');

  // It prints: the print stylesheet applies, and Chromium makes a PDF of a few A4 pages.
  await report.emulateMedia({ media: 'print' });
  await expect(report.getByRole('navigation', { name: 'Contents' })).toBeHidden();
  const pdfPath = '/tmp/triangulate-report.pdf';
  const pdf = await report.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(pages).toBeLessThanOrEqual(8);
  await testInfo.attach('report.pdf', { path: pdfPath, contentType: 'application/pdf' });
  expect(requests).toEqual([]);
  await report.close();
});
