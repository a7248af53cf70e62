/**
 * How annotations look, as `::highlight()` rules for the CSS Custom Highlight API. Each label
 * paints in its colour on its own "lane" so that nested and overlapping annotations stay
 * readable: entities as a thick underline close to the text on a light tint, sources a thinner
 * line below, claims the lowest line. Proposed annotations are dashed, rejected ones dotted. The
 * hovered, selected and candidate annotations get a translucent background on top.
 *
 * Pure: returns CSS text (unit-tested); the painter puts it in a constructable stylesheet.
 */
import type { AnnotationStatus, LabelKind } from '../../common/domain.js';

export interface LabelStyle {
  /** Small integer naming the label's highlights (stable for the reader's lifetime). */
  slot: number;
  color: string;
  kind: LabelKind;
}

interface Lane {
  /** Distance of the underline below its default position, px. */
  offset: number;
  thickness: number;
  /** Opacity of the background tint (0: none). */
  tint: number;
  /** Paint order among labels: later (higher) on top. */
  priority: number;
}

export const LANES: Record<LabelKind, Lane> = {
  entity: { offset: 1.5, thickness: 3, tint: 0.16, priority: 3 },
  source: { offset: 5.5, thickness: 2, tint: 0, priority: 2 },
  claim: { offset: 9, thickness: 2, tint: 0, priority: 1 },
};

const STATUS_STYLE: Record<AnnotationStatus, string> = {
  accepted: 'solid',
  proposed: 'dashed',
  rejected: 'dotted',
};

const STATUS_CODE: Record<AnnotationStatus, string> = { accepted: 'a', proposed: 'p', rejected: 'r' };

/** The highlight name of a label slot and status, e.g. `tri-l3-a`. */
export function highlightName(slot: number, status: AnnotationStatus): string {
  return `tri-l${slot}-${STATUS_CODE[status]}`;
}

export const SPECIAL_HIGHLIGHTS = {
  /** The mentions of the claim or entity chosen in the side-by-side view. */
  focus: { name: 'tri-focus', priority: 19 },
  hover: { name: 'tri-hover', priority: 20 },
  candidate: { name: 'tri-candidate', priority: 21 },
  selected: { name: 'tri-selected', priority: 22 },
} as const;

/** `#rrggbb` plus an alpha, as `rgb(r g b / a)`. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255} ${(n >> 8) & 255} ${n & 255} / ${alpha})`;
}

/** The colour a label paints with in a theme: lighter in the dark theme, for contrast. */
export function themedColor(hex: string, theme: 'light' | 'dark'): string {
  if (theme === 'light') return hex;
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * 0.35);
  const r = mix((n >> 16) & 255);
  const g = mix((n >> 8) & 255);
  const b = mix(n & 255);
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
}

/** The rules of one label (one per status), on the element matched by `scope`. */
function labelRules(label: LabelStyle, theme: 'light' | 'dark', scope: string): string {
  const lane = LANES[label.kind];
  const color = themedColor(label.color, theme);
  const tint = lane.tint ? withAlpha(color, theme === 'dark' ? lane.tint + 0.08 : lane.tint) : null;
  return (Object.keys(STATUS_STYLE) as AnnotationStatus[])
    .map((status) => {
      const faded = status === 'rejected';
      const declarations = [
        `text-decoration-line: underline`,
        `text-decoration-style: ${STATUS_STYLE[status]}`,
        `text-decoration-color: ${faded ? withAlpha(themedColor(label.color, theme), 0.6) : color}`,
        `text-decoration-thickness: ${lane.thickness}px`,
        `text-underline-offset: ${lane.offset}px`,
      ];
      if (tint && !faded) declarations.push(`background-color: ${tint}`);
      return `${scope}::highlight(${highlightName(label.slot, status)}) { ${declarations.join('; ')}; }`;
    })
    .join('\n');
}

/**
 * The element the rules attach to. Rules on the text's container (not on every element) are
 * inherited by its paragraphs (CSS highlight inheritance), which keeps style recalculation of a
 * 4,000-paragraph document as cheap as without highlights; a universal `::highlight()` rule costs
 * a highlight style per element per name (measured: 5x slower to open a long document).
 */
export const HIGHLIGHT_SCOPE = '.reader-text';

/** Every highlight rule for these labels, light theme by default, dark under `[data-theme=dark]`. */
export function highlightCss(labels: readonly LabelStyle[]): string {
  const light = HIGHLIGHT_SCOPE;
  const dark = `:root[data-theme="dark"] ${HIGHLIGHT_SCOPE}`;
  const rules: string[] = [];
  for (const label of labels) {
    rules.push(labelRules(label, 'light', light));
    rules.push(labelRules(label, 'dark', dark));
  }
  const { focus, hover, candidate, selected } = SPECIAL_HIGHLIGHTS;
  rules.push(
    `${light}::highlight(${focus.name}) { background-color: rgb(255 140 0 / 0.34); }`,
    `${dark}::highlight(${focus.name}) { background-color: rgb(255 150 50 / 0.36); }`,
    `${light}::highlight(${hover.name}) { background-color: rgb(255 196 0 / 0.32); }`,
    `${light}::highlight(${candidate.name}) { background-color: rgb(0 170 90 / 0.3); }`,
    `${light}::highlight(${selected.name}) { background-color: rgb(40 110 255 / 0.28); }`,
    `${dark}::highlight(${hover.name}) { background-color: rgb(255 200 40 / 0.26); }`,
    `${dark}::highlight(${candidate.name}) { background-color: rgb(40 210 120 / 0.3); }`,
    `${dark}::highlight(${selected.name}) { background-color: rgb(110 160 255 / 0.36); }`,
  );
  return rules.join('\n');
}
