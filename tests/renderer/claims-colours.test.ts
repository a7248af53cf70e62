/**
 * The stance colours of the Claims view, read from its stylesheet: each stands out from the
 * backgrounds it is drawn on (at least 3:1, WCAG's ratio for graphics) in the light and the dark
 * theme, and no two are the same.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contrastRatio, relativeLuminance } from '../../renderer/views/claims-model.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, 'renderer', 'styles', file), 'utf8');

/** The custom properties of the first rule whose selector is exactly `selector`. */
function variables(css: string, selector: string): Record<string, string> {
  const at = css.indexOf(`${selector} {`);
  if (at < 0) throw new Error(`no rule ${selector}`);
  const body = css.slice(css.indexOf('{', at) + 1, css.indexOf('}', at));
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]!.trim()]));
}

const STANCES = ['asserted', 'reported', 'denied', 'questioned', 'none'];
const themes = {
  light: { base: variables(read('base.css'), ':root'), claims: variables(read('claims.css'), ':root') },
  dark: {
    base: variables(read('base.css'), ":root[data-theme='dark']"),
    claims: variables(read('claims.css'), ":root[data-theme='dark']"),
  },
};

describe('contrast ratio', () => {
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(() => relativeLuminance('red')).toThrow();
  });
});

describe.each(Object.entries(themes))('stance colours, %s theme', (_name, theme) => {
  const backgrounds = ['bg', 'surface', 'surface-2'].map((v) => theme.base[v]!);

  it.each(STANCES)('%s stands out at least 3:1 from every background', (stance) => {
    const colour = theme.claims[`stance-${stance}`];
    expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
    for (const background of backgrounds) expect(contrastRatio(colour!, background)).toBeGreaterThanOrEqual(3);
  });

  it('gives every stance its own colour', () => {
    const colours = STANCES.map((s) => theme.claims[`stance-${s}`]);
    expect(new Set(colours).size).toBe(STANCES.length);
  });
});
