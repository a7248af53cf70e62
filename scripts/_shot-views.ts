import { chromium } from '@playwright/test';
import { startServer, UPI, ARUTZ, GLOBAL_RESEARCH, tagPhrase } from '../tests/e2e/fixtures.js';

const server = await startServer();
const group = await server.call('entities.create', { name: 'Islamic State', type: 'group', aliases: ['ISIS', 'IS', 'Daesh'] });
for (const [t, p] of [[UPI, 'the Islamic State'], [ARUTZ, 'Islamic State (ISIS)'], [GLOBAL_RESEARCH, 'ISIS']] as const) {
  const a = await tagPhrase(server, t, p, 'armed-group');
  await server.call('annotations.update', { id: a.id, entityId: group.id });
}
const claim = await server.call('claims.create', { summary: 'A joint intelligence centre opens in Baghdad' });
const peskov = await server.call('entities.create', { name: 'Dmitry Peskov', type: 'person' });
const ms = [
  [GLOBAL_RESEARCH, ['four countries were establishing', 'in Baghdad'], 'reported', 'Dmitry Peskov', 'denied', 'denied'],
  [ARUTZ, 'agreed to set up an intelligence committee in Baghdad', 'asserted', 'a spokesman', 'asserted', 'said'],
  [UPI, 'a joint intelligence-sharing center would be set up in Baghdad', 'reported', 'Nasir Nouri Mohammed', 'asserted', 'saying'],
] as const;
for (const [t, q, st, src, sst, cue] of ms) {
  const a = await tagPhrase(server, t, q as never, 'claim', { stance: st });
  await server.call('annotations.update', { id: a.id, claimId: claim.id });
  const s = await tagPhrase(server, t, src, 'source');
  if (src === 'Dmitry Peskov') await server.call('annotations.update', { id: s.id, entityId: peskov.id });
  await server.call('relations.create', { fromId: a.id, toId: s.id, type: 'attributed_to', attributes: { stance: sst, cue } });
}
const only = process.argv[2]?.split(',');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const views: Array<[string, string]> = [['read', 'Alt+Shift+R'], ['claims', 'Alt+Shift+C'], ['entities', 'Alt+Shift+E'], ['sources', 'Alt+Shift+S'], ['search', 'Alt+Shift+F'], ['compare', 'Alt+Shift+B']];
for (const theme of ['light', 'dark'] as const) {
  for (const width of [1440, 960]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
    await page.goto(server.url);
    await page.waitForTimeout(1500);
    for (const [name, key] of views) {
      if (only && !only.includes(name)) continue;
      await page.keyboard.press(key);
      await page.waitForTimeout(700);
      if (name === 'claims') {
        await page.getByRole('button', { name: /^Arutz Sheva: asserted/ }).click().catch(() => {});
        await page.waitForTimeout(500);
      }
      if (name === 'entities') {
        await page.getByRole('option', { name: /Islamic State/ }).first().click().catch(() => {});
        await page.waitForTimeout(500);
      }
      if (name === 'search') {
        await page.getByRole('searchbox').first().fill('Kerry');
        await page.keyboard.press('Enter');
        await page.waitForTimeout(800);
      }
      if (name === 'compare') {
        await page.getByRole('combobox', { name: 'Highlight' }).selectOption({ label: 'A joint intelligence centre opens in Baghdad' });
        await page.waitForTimeout(800);
      }
      await page.screenshot({ path: `/tmp/shots/${name}-${theme}-${width}.png` });
    }
    await page.close();
  }
}
await browser.close();
await server.stop();
