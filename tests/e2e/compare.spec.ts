/**
 * Side by side, as an analyst reads: two articles in columns, then three; one entity chosen and
 * its mentions highlighted in every column, each scrolled to its first; a click on a linked
 * mention switches the highlight; from the Claims view a claim opens its articles side by side;
 * at 960 px the columns stack and each keeps at least half the window for its text.
 */
import type { Page } from '@playwright/test';
import type { Server } from './fixtures.js';
import { ARUTZ, expect, GLOBAL_RESEARCH, openWorkbench, tagPhrase, test, UPI } from './fixtures.js';

/** The same group under three names in three articles, linked to one entity; a claim in two. */
async function seed(server: Server) {
  const group = await server.call('entities.create', {
    name: 'Islamic State',
    type: 'group',
    aliases: ['ISIS', 'IS', 'Daesh'],
  });
  const iran = await server.call('entities.create', { name: 'Iran', type: 'country' });
  // Late in each text, so that the columns have to scroll to show them.
  const link = async (title: string, phrase: string, entityId: string) => {
    const a = await tagPhrase(server, title, phrase, 'armed-group');
    await server.call('annotations.update', { id: a.id, entityId });
  };
  await link(UPI, 'the Islamic State', group.id);
  await link(ARUTZ, 'Islamic State (ISIS)', group.id);
  await link(GLOBAL_RESEARCH, 'ISIS', group.id);
  const iranMention = await tagPhrase(server, UPI, 'Iran', 'country');
  await server.call('annotations.update', { id: iranMention.id, entityId: iran.id });
  const claim = await server.call('claims.create', { summary: 'An information centre opens in Baghdad' });
  for (const [title, phrase] of [
    [ARUTZ, 'agreed to set up an intelligence committee in Baghdad'],
    [UPI, 'a joint intelligence-sharing center would be set up in Baghdad'],
  ] as const) {
    const a = await tagPhrase(server, title, phrase, 'claim', { stance: 'reported' });
    await server.call('annotations.update', { id: a.id, claimId: claim.id });
  }
  return { group, iran, claim };
}

/** Per column (left to right): how many focus ranges it holds, and how many of them show. */
async function focusInColumns(page: Page) {
  return page.evaluate(() => {
    const focus = CSS.highlights.get('tri-focus');
    const ranges = focus ? [...(focus as unknown as Set<StaticRange>)] : [];
    return [...document.querySelectorAll<HTMLElement>('.compare-column')].map((column) => {
      const scroller = column.querySelector('.compare-scroller') as HTMLElement;
      const box = scroller.getBoundingClientRect();
      let total = 0;
      let visible = 0;
      for (const r of ranges) {
        if (!column.contains(r.startContainer)) continue;
        total++;
        const live = document.createRange();
        live.setStart(r.startContainer, r.startOffset);
        live.setEnd(r.endContainer, r.endOffset);
        const rect = live.getBoundingClientRect();
        if (rect.top >= box.top && rect.bottom <= box.bottom) visible++;
      }
      return { total, visible };
    });
  });
}

const column = (page: Page, n: number) => page.getByRole('region', { name: new RegExp(`^Column ${n}: `) });

test('reads articles side by side with an entity highlighted in every column', async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await seed(server);
  await openWorkbench(page, server);

  // The view by its key; two columns at first, side by side.
  await page.keyboard.press('Alt+Shift+B');
  await expect(page.getByRole('tab', { name: 'Side by side' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Side by side' })).toBeVisible();
  await expect(column(page, 1)).toBeVisible();
  await expect(column(page, 2)).toBeVisible();

  // Choose the articles: UPI in the first column, Arutz Sheva in the second, then a third.
  const pick = async (n: number, title: string) => {
    const select = page.getByRole('combobox', { name: `Article in column ${n}` });
    const value = await select.locator('option', { hasText: title.slice(0, 40) }).getAttribute('value');
    await select.selectOption(value ?? '');
    await expect(column(page, n)).toHaveAccessibleName(new RegExp(`Column ${n}: ${title.slice(0, 20)}`));
  };
  await pick(1, UPI);
  await pick(2, ARUTZ);
  await page.getByRole('button', { name: 'Add a column' }).click();
  await expect(column(page, 3)).toBeVisible();
  await pick(3, GLOBAL_RESEARCH);
  await expect(page.getByRole('button', { name: 'Add a column' })).toBeDisabled();

  // At 1280 px the three columns stand side by side, each wide enough to read.
  const boxes = await Promise.all([1, 2, 3].map(async (n) => (await column(page, n).boundingBox())!));
  expect(boxes[0]!.x).toBeLessThan(boxes[1]!.x);
  expect(boxes[1]!.x).toBeLessThan(boxes[2]!.x);
  expect(Math.abs(boxes[0]!.y - boxes[2]!.y)).toBeLessThan(2);
  for (const box of boxes) expect(box.width).toBeGreaterThan(380);

  // Highlight the group: every column marks its mention and scrolls to it (from the end of
  // its text, where none of them is).
  await page.evaluate(() => {
    for (const scroller of document.querySelectorAll<HTMLElement>('.compare-scroller')) {
      scroller.scrollTop = scroller.scrollHeight;
    }
  });
  await page.getByRole('combobox', { name: 'Highlight' }).selectOption({ label: 'Islamic State (ISIS, IS, Daesh)' });
  for (const n of [1, 2, 3]) {
    await expect(column(page, n).getByRole('group', { name: `Mentions in column ${n}` })).toContainText(
      '1 mention of “Islamic State”',
    );
  }
  await expect
    .poll(() => focusInColumns(page))
    .toEqual([
      { total: 1, visible: 1 },
      { total: 1, visible: 1 },
      { total: 1, visible: 1 },
    ]);
  // Stepping through a column's mentions.
  await column(page, 1).getByRole('button', { name: 'Next mention in column 1' }).click();
  await expect(column(page, 1)).toContainText('Mention 1 of 1 of “Islamic State”');

  // A click on a linked mention in a column switches the highlight to its entity.
  const iranRange = await page.evaluate(() => {
    const text = document.querySelector('.compare-column .reader-text') as HTMLElement;
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node.textContent ?? '').indexOf('Iran');
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 4);
      range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return null;
  });
  expect(iranRange).not.toBeNull();
  await page.mouse.click(iranRange!.x, iranRange!.y);
  await expect(page.getByRole('combobox', { name: 'Highlight' })).toHaveValue(/^entity:/);
  await expect(column(page, 1).getByRole('group', { name: 'Mentions in column 1' })).toContainText('of “Iran”');
  await expect(column(page, 2).getByRole('group', { name: 'Mentions in column 2' })).toContainText(
    'No mention of “Iran” here',
  );

  // The text is for reading: a label key in a column tags nothing.
  const before = await server.call('workspace.stats', {});
  await page.getByRole('textbox', { name: 'Text of column 2' }).focus();
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('p');
  const after = await server.call('workspace.stats', {});
  expect(after.annotations).toBe(before.annotations);

  // Narrow window: the columns stack, each at least half the window tall.
  await page.setViewportSize({ width: 960, height: 800 });
  for (const n of [1, 2, 3]) {
    const box = (await column(page, n).boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(400);
    expect(box.width).toBeGreaterThan(900);
  }
  const stacked = await Promise.all([1, 2].map(async (n) => (await column(page, n).boundingBox())!));
  expect(stacked[1]!.y).toBeGreaterThan(stacked[0]!.y + 300);
});

test('a claim in the Claims view opens its articles side by side, highlighted', async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await seed(server);
  await openWorkbench(page, server);
  await page.keyboard.press('Alt+Shift+C');
  const row = page.getByRole('row', { name: /An information centre opens in Baghdad/ });
  await row.getByRole('button', { name: /^Arutz Sheva: reported/ }).click();
  await page.getByRole('button', { name: 'Read side by side' }).click();

  await expect(page.getByRole('tab', { name: 'Side by side' })).toHaveAttribute('aria-selected', 'true');
  await expect(column(page, 1)).toHaveAccessibleName(/^Column 1: Iraq Steps Up/);
  await expect(column(page, 2)).toHaveAccessibleName(/^Column 2: Iraq, Russia, Iran and Syria/);
  await expect(page.getByRole('combobox', { name: 'Highlight' })).toHaveValue(/^claim:/);
  await expect
    .poll(() => focusInColumns(page))
    .toEqual([
      { total: 1, visible: 1 },
      { total: 1, visible: 1 },
    ]);

  // "Open this mention in Read" after stepping to it: the Read view with the claim selected.
  await column(page, 2).getByRole('button', { name: 'Next mention in column 2' }).click();
  await column(page, 2)
    .getByRole('button', { name: /Open this mention in Read/ })
    .click();
  await expect(page.getByRole('tab', { name: 'Read' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { level: 2, name: UPI })).toBeAttached();
  await expect(page.getByRole('complementary', { name: /Annotation|Inspector/ })).toContainText(
    'a joint intelligence-sharing center would be set up in Baghdad',
  );

  // Back to the view: it kept its columns and highlight.
  await page.keyboard.press('Alt+Shift+B');
  await expect(column(page, 1)).toHaveAccessibleName(/^Column 1: Iraq Steps Up/);
  await expect(page.getByRole('combobox', { name: 'Highlight' })).toHaveValue(/^claim:/);
});
