/**
 * The Claims view's chart: per outlet, the claims it carries, by stance, as stacked horizontal
 * bars, with the same numbers as a table right behind it. The SVG is drawn by hand: a handful of
 * bars needs no charting library. Colours come from the stylesheet (claims.css), so the chart
 * follows the theme; `svgForDownload` inlines them for the file.
 */
import type { Ref } from 'react';
import { STANCE_KEYS, chartSummary, type OutletStanceCounts, type StanceKey } from './claims-model.js';

const WIDTH = 640;
const LABEL_WIDTH = 170;
const BAR_AREA = 400;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const TOP = 8;
const LEGEND_HEIGHT = 34;

export function stanceLabel(key: StanceKey): string {
  return key === 'none' ? 'no stance' : key;
}

export interface ClaimsChartProps {
  bars: OutletStanceCounts[];
  svgRef: Ref<SVGSVGElement>;
}

export function ClaimsChart({ bars, svgRef }: ClaimsChartProps) {
  const max = Math.max(1, ...bars.map((b) => b.total));
  const unit = BAR_AREA / max;
  const used = STANCE_KEYS.filter((k) => k !== 'none' || bars.some((b) => b.counts.none > 0));
  const height = TOP + bars.length * ROW_HEIGHT + LEGEND_HEIGHT;
  // Legend entries side by side, each as wide as its word (about 7.5 px a character at 13 px).
  const legendX = used.map((_, i) => used.slice(0, i).reduce((x, k) => x + 17 + stanceLabel(k).length * 7.5 + 20, 0));

  return (
    <section className="claims-chart" aria-labelledby="claims-chart-heading">
      <h3 id="claims-chart-heading">Claims carried per outlet, by stance</h3>
      <svg
        ref={svgRef}
        className="claims-chart-svg"
        role="img"
        aria-label={chartSummary(bars)}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
      >
        <rect className="chart-bg" x={0} y={0} width={WIDTH} height={height} />
        {bars.map((bar, i) => {
          const y = TOP + i * ROW_HEIGHT;
          let x = LABEL_WIDTH;
          return (
            <g key={bar.outlet}>
              <text
                className="chart-text"
                x={LABEL_WIDTH - 8}
                y={y + BAR_HEIGHT / 2}
                textAnchor="end"
                dominantBaseline="central"
              >
                {bar.outlet.length > 24 ? `${bar.outlet.slice(0, 23)}…` : bar.outlet}
              </text>
              {STANCE_KEYS.map((key) => {
                const w = bar.counts[key] * unit;
                if (!w) return null;
                const segment = (
                  <rect
                    key={key}
                    className={`stance-fill-${key}`}
                    x={x}
                    y={y}
                    width={Math.max(0, w - 2)}
                    height={BAR_HEIGHT}
                  >
                    <title>{`${bar.outlet}: ${bar.counts[key]} ${stanceLabel(key)}`}</title>
                  </rect>
                );
                x += w;
                return segment;
              })}
              <text className="chart-text" x={x + 6} y={y + BAR_HEIGHT / 2} dominantBaseline="central">
                {bar.total}
              </text>
            </g>
          );
        })}
        <g transform={`translate(${LABEL_WIDTH}, ${TOP + bars.length * ROW_HEIGHT + 12})`}>
          {used.map((key, i) => (
            <g key={key} transform={`translate(${legendX[i] ?? 0}, 0)`}>
              <rect className={`stance-fill-${key}`} x={0} y={0} width={12} height={12} />
              <text className="chart-text" x={17} y={6} dominantBaseline="central">
                {stanceLabel(key)}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <details className="claims-chart-table">
        <summary>Show the table</summary>
        <table>
          <caption className="visually-hidden">Claims carried per outlet, by stance</caption>
          <thead>
            <tr>
              <th scope="col">Outlet</th>
              {used.map((key) => (
                <th key={key} scope="col">
                  {stanceLabel(key)}
                </th>
              ))}
              <th scope="col">All claims</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.outlet}>
                <th scope="row">{bar.outlet}</th>
                {used.map((key) => (
                  <td key={key}>{bar.counts[key]}</td>
                ))}
                <td>{bar.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

/** The chart as a standalone SVG file: the theme's colours inlined, fonts named. */
export function svgForDownload(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((element, i) => {
    const target = copies[i];
    if (!target) return;
    const style = getComputedStyle(element);
    if (element instanceof SVGRectElement || element instanceof SVGTextElement) target.setAttribute('fill', style.fill);
    if (element instanceof SVGTextElement) {
      target.setAttribute('font-family', style.fontFamily);
      target.setAttribute('font-size', style.fontSize);
    }
    target.removeAttribute('class');
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.removeAttribute('role');
  const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  title.textContent = svg.getAttribute('aria-label') ?? '';
  copy.insertBefore(title, copy.firstChild);
  copy.removeAttribute('aria-label');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}
