/**
 * Narrow windows ("Across the articles" issue): below ~1000 px the workbench stacks, and the
 * reading pane keeps at least half the window's height (it collapsed to 11-40 px before), with
 * the article's text in view once scrolled to.
 */
import { expect, openWorkbench, reader, test } from './fixtures.js';

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
