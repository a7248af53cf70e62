/**
 * Narrow windows ("Across the articles" issue): below ~1000 px the workbench stacks, and the
 * reading pane keeps at least half the window's height (it collapsed to 11-40 px before), with
 * the article's text in view once scrolled to.
 */
import type { Locator } from '@playwright/test';
import { ARUTZ, expect, inspector, openDocument, openWorkbench, reader, test } from './fixtures.js';

for (const [width, height] of [
  [960, 900],
  [800, 700],
] as const) {
  test(`at ${width}×${height} the reading pane is at least half the window tall`, async ({ page, server }) => {
    await page.setViewportSize({ width, height });
    await openWorkbench(page, server);
    await expect(reader(page)).toContainText('Iraq');
    const pane = page.locator('.reader-scroller');
    await pane.scrollIntoViewIfNeeded();
    const box = await pane.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(height / 2);
    // And the person sees the text without scrolling the page first: a third of the window at least.
    await page.evaluate(() => window.scrollTo(0, 0));
    const top = (await pane.boundingBox())?.y ?? height;
    expect(height - top).toBeGreaterThanOrEqual(height / 3);
  });
}

type Box = { x: number; y: number; width: number; height: number };

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not rendered');
  return box;
}

// Papercut (issue 9): a notice lay over the inspector, bottom right.
for (const width of [1440, 960] as const) {
  test(`at ${width} px a notice covers neither the inspector nor the text being read`, async ({ page, server }) => {
    await page.setViewportSize({ width, height: 900 });
    await openWorkbench(page, server);
    await openDocument(page, ARUTZ);
    const notice = page.getByRole('status').filter({ hasText: 'Select some text first' });
    const views = width === 960 ? ['page top', 'scrolled to the reader'] : ['page top'];
    for (const view of views) {
      if (view === 'scrolled to the reader') await page.locator('.reader-scroller').scrollIntoViewIfNeeded();
      await reader(page).focus();
      await page.keyboard.press('p'); // a label key with no text selected: a notice says why
      await expect(notice).toBeVisible();
      const box = await boxOf(notice);
      // Inside the window, and off the inspector.
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(box.y + box.height).toBeLessThanOrEqual(900);
      expect(intersects(box, await boxOf(inspector(page))), view).toBe(false);
      // In a wide window the reading pane is free too; in a narrow one the notice lies over its foot.
      if (width === 1440) expect(intersects(box, await boxOf(page.locator('.reader-scroller')))).toBe(false);
      await expect(notice).toHaveCount(0, { timeout: 10_000 }); // it goes by itself
    }
  });
}
