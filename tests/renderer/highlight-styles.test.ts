import { describe, expect, it } from 'vitest';
import {
  HIGHLIGHT_SCOPE,
  highlightCss,
  highlightName,
  LANES,
  themedColor,
  withAlpha,
} from '../../renderer/reader/highlight-styles.js';

describe('highlight styles', () => {
  const css = highlightCss([
    { slot: 0, color: '#d62728', kind: 'claim' },
    { slot: 4, color: '#ff7f0e', kind: 'entity' },
  ]);

  it('names one highlight per label slot and status', () => {
    expect(highlightName(4, 'accepted')).toBe('tri-l4-a');
    expect(highlightName(4, 'proposed')).toBe('tri-l4-p');
    expect(highlightName(4, 'rejected')).toBe('tri-l4-r');
  });

  it('attaches every rule to the text container, never to every element', () => {
    for (const line of css.split('\n')) {
      expect(
        line.startsWith(`${HIGHLIGHT_SCOPE}::highlight(`) ||
          line.startsWith(`:root[data-theme="dark"] ${HIGHLIGHT_SCOPE}::highlight(`),
      ).toBe(true);
    }
  });

  it('paints each kind on its own underline lane, entities tinted, status by line style', () => {
    expect(css).toContain(
      `${HIGHLIGHT_SCOPE}::highlight(tri-l0-a) { text-decoration-line: underline; text-decoration-style: solid; text-decoration-color: #d62728; text-decoration-thickness: ${LANES.claim.thickness}px; text-underline-offset: ${LANES.claim.offset}px; }`,
    );
    expect(css).toMatch(/::highlight\(tri-l4-a\) \{[^}]*background-color: rgb\(255 127 14 \/ 0\.16\)/);
    expect(css).toMatch(/::highlight\(tri-l4-p\) \{[^}]*text-decoration-style: dashed/);
    expect(css).toMatch(/::highlight\(tri-l4-r\) \{[^}]*text-decoration-style: dotted/);
    const offsets = new Set(Object.values(LANES).map((lane) => lane.offset));
    expect(offsets.size).toBe(3);
  });

  it('has hover, candidate and selected backgrounds in both themes', () => {
    for (const name of ['tri-hover', 'tri-candidate', 'tri-selected']) {
      expect(css).toContain(`${HIGHLIGHT_SCOPE}::highlight(${name})`);
      expect(css).toContain(`:root[data-theme="dark"] ${HIGHLIGHT_SCOPE}::highlight(${name})`);
    }
  });

  it('converts colours', () => {
    expect(withAlpha('#1f77b4', 0.5)).toBe('rgb(31 119 180 / 0.5)');
    expect(themedColor('#1f77b4', 'light')).toBe('#1f77b4');
    expect(themedColor('#000000', 'dark')).toBe('#595959');
  });
});
