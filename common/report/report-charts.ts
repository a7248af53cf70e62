/**
 * The comparison report's charts, as inline SVG with their numbers in a table right after them:
 * the claims each outlet carries by stance (the Claims view's stacked bars), and the most
 * mentioned entities by outlet. The table is the data; the drawing has `role="img"`, an
 * accessible name that says what it shows, and a `<title>`. Colours are written on the shapes
 * (no stylesheet needed) and print; every stance is also a word in the legend and the table.
 */
import { plural } from '../plural.js';
import {
  columnName,
  STANCE_KEYS,
  stanceCountsByOutlet,
  stanceCountsSentence,
  type OutletStanceCounts,
  type StanceKey,
} from '../claim-stances.js';
import type { ClaimMatrix, EntityIndexEntry } from '../domain.js';

import { markup as m, type Markup } from './escape.js';

/** The light theme's stance colours (renderer/styles/claims.css), each 3:1 or more on white. */
export const STANCE_COLOURS: Record<StanceKey, string> = {
  asserted: '#1565c0',
  reported: '#8a6d00',
  denied: '#8b1a12',
  questioned: '#b0389f',
  none: '#68727e',
};

/** A stance for people: the value itself, or "no stance". */
export function stanceWord(stance: string | null): string {
  return stance && stance.trim() ? stance.trim() : 'no stance';
}

const FONT =
  'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Liberation Sans, DejaVu Sans, sans-serif';
const INK = '#1f2328';
const WIDTH = 680;
const LABEL_WIDTH = 190;
const BAR_AREA = 430;
const ROW_HEIGHT = 26;
const BAR_HEIGHT = 16;
const TOP = 6;
const LEGEND_HEIGHT = 30;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function stanceName(key: StanceKey): string {
  return key === 'none' ? 'no stance' : key;
}

/** A label at the left of a bar, right-aligned. */
function rowLabel(text: string, y: number): Markup {
  return m`<text x="${LABEL_WIDTH - 8}" y="${y + 12}" text-anchor="end" font-size="12" fill="${INK}">${clip(text, 28)}</text>`;
}

/** A number after a bar. */
function value(n: number, x: number, y: number): Markup {
  return m`<text x="${x.toFixed(1)}" y="${y + 12}" font-size="12" fill="${INK}">${n}</text>`;
}

/** The drawing: an image with an accessible name and a title saying the same. */
function svg(summary: string, height: number, body: Markup[]): Markup {
  return m`<svg class="chart" role="img" aria-label="${summary}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-family="${FONT}"><title>${summary}</title>${body}</svg>`;
}

/** A sentence for the stance chart's accessible name. */
export function stanceChartSummary(bars: readonly OutletStanceCounts[]): string {
  return stanceCountsSentence(bars) ?? 'Claims carried per outlet, by stance: no outlets.';
}

/** The stacked bars of claims per outlet by stance, and the table of the same numbers. */
export function stanceChart(matrix: ClaimMatrix): Markup {
  const bars = stanceCountsByOutlet(matrix);
  const used = STANCE_KEYS.filter((k) => k !== 'none' || bars.some((b) => b.counts.none > 0));
  const unit = BAR_AREA / Math.max(1, ...bars.map((b) => b.total));
  const height = TOP + bars.length * ROW_HEIGHT + LEGEND_HEIGHT;
  const summary = stanceChartSummary(bars);
  let legendX = 0;
  const legend = used.map((key) => {
    const x = legendX;
    legendX += 17 + stanceName(key).length * 7 + 22;
    return m`<g transform="translate(${x}, 0)"><rect x="0" y="0" width="12" height="12" fill="${STANCE_COLOURS[key]}"/><text x="17" y="10" font-size="12" fill="${INK}">${stanceName(key)}</text></g>`;
  });
  const rows = bars.map((bar, i) => {
    const y = TOP + i * ROW_HEIGHT;
    let x = LABEL_WIDTH;
    const segments = STANCE_KEYS.map((key) => {
      const w = bar.counts[key] * unit;
      if (!w) return null;
      const title = `${bar.outlet}: ${bar.counts[key]} ${stanceName(key)}`;
      const segment = m`<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(0, w - 2).toFixed(1)}" height="${BAR_HEIGHT}" fill="${STANCE_COLOURS[key]}"><title>${title}</title></rect>`;
      x += w;
      return segment;
    });
    return m`<g>${rowLabel(bar.outlet, y)}${segments}${value(bar.total, x + 6, y)}</g>`;
  });
  const legendY = TOP + bars.length * ROW_HEIGHT + 10;
  const drawing = svg(summary, height, [
    ...rows,
    m`<g transform="translate(${LABEL_WIDTH}, ${legendY})">${legend}</g>`,
  ]);
  const head = m`<tr><th scope="col">Outlet</th>${used.map((k) => m`<th scope="col" class="num">${stanceName(k)}</th>`)}<th scope="col" class="num">All claims</th></tr>`;
  const body = bars.map(
    (bar) =>
      m`<tr><th scope="row">${bar.outlet}</th>${used.map((k) => m`<td class="num">${bar.counts[k]}</td>`)}<td class="num">${bar.total}</td></tr>`,
  );
  const table = m`<table class="numbers"><caption>The numbers behind the chart: claims carried per outlet, by stance</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
  return m`<figure class="chart-figure" aria-labelledby="stance-chart-caption"><figcaption id="stance-chart-caption">Claims carried per outlet, by stance</figcaption>${drawing}${table}</figure>`;
}

/** How many entities the entity chart draws (the index lists them all). */
export const ENTITY_CHART_SIZE = 12;

/** A sentence for the entity chart's accessible name. */
export function entityChartSummary(entries: readonly EntityIndexEntry[]): string {
  if (!entries.length) return 'Most mentioned entities: none.';
  return `Most mentioned entities. ${entries
    .map((e) => `${e.entity.name}: ${plural(e.mentionCount, 'mention')} in ${plural(e.documents.length, 'article')}`)
    .join('; ')}.`;
}

/**
 * Bars of the most mentioned entities (mentions in the report's articles), and a table of their
 * mentions by outlet (one column per outlet, as `outlets` names them, in that order).
 */
export function entityChart(entries: readonly EntityIndexEntry[], outlets: readonly string[]): Markup {
  const top = entries.slice(0, ENTITY_CHART_SIZE);
  const unit = BAR_AREA / Math.max(1, ...top.map((e) => e.mentionCount));
  const height = TOP + top.length * ROW_HEIGHT + 4;
  const summary = entityChartSummary(top);
  const bars = top.map((entry, i) => {
    const y = TOP + i * ROW_HEIGHT;
    const w = entry.mentionCount * unit;
    const bar = m`<rect x="${LABEL_WIDTH}" y="${y}" width="${Math.max(1, w - 2).toFixed(1)}" height="${BAR_HEIGHT}" fill="#3b5b7a"/>`;
    return m`<g>${rowLabel(entry.entity.name, y)}${bar}${value(entry.mentionCount, LABEL_WIDTH + w + 6, y)}</g>`;
  });
  const countIn = (entry: EntityIndexEntry, outlet: string) =>
    entry.documents.filter((d) => columnName(d) === outlet).reduce((n, d) => n + d.count, 0);
  const head = m`<tr><th scope="col">Entity</th>${outlets.map((o) => m`<th scope="col" class="num">${o}</th>`)}<th scope="col" class="num">All mentions</th></tr>`;
  const body = top.map(
    (entry) =>
      m`<tr><th scope="row">${entry.entity.name}</th>${outlets.map((o) => m`<td class="num">${countIn(entry, o)}</td>`)}<td class="num">${entry.mentionCount}</td></tr>`,
  );
  const table = m`<table class="numbers"><caption>The numbers behind the chart: mentions of each entity by outlet</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
  const caption = `Most mentioned entities${entries.length > top.length ? ` (the top ${top.length} of ${entries.length})` : ''}, with their mentions by outlet`;
  return m`<figure class="chart-figure" aria-labelledby="entity-chart-caption"><figcaption id="entity-chart-caption">${caption}</figcaption>${svg(summary, height, bars)}${table}</figure>`;
}
