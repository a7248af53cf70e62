/**
 * Mentions of one entity by outlet, as horizontal bars with the numbers in a table behind them.
 * Drawn by hand in SVG: a handful of bars needs no charting library. Each outlet's name sits
 * above its bar (long names then need no column of their own), and positions are percentages of
 * the drawing's width, so the chart follows the width of its column without measuring it.
 */
import { truncate } from '../workbench/format.js';
import { chartSummary, type OutletBar } from './entities-logic.js';

/** One outlet's height: its name, then its bar, in pixels. */
const ROW = 40;
const LABEL_Y = 12;
const BAR_Y = 19;
const BAR = 14;
/** How wide the longest bar is, in percent of the width (its number follows it). */
const BAR_WIDTH = 88;

export function EntitiesChart({ name, bars }: { name: string; bars: readonly OutletBar[] }) {
  const max = Math.max(1, ...bars.map((b) => b.count));
  const summary = chartSummary(name, bars);
  return (
    <figure className="entities-chart">
      <svg role="img" aria-label={summary} width="100%" height={bars.length * ROW} className="entities-chart-svg">
        {bars.map((bar, i) => {
          const y = i * ROW;
          const width = (bar.count / max) * BAR_WIDTH;
          return (
            <g key={bar.outlet}>
              <text x="0" y={y + LABEL_Y} dominantBaseline="middle" className="entities-chart-label">
                {truncate(bar.outlet, 60)}
              </text>
              <rect x="0" y={y + BAR_Y} width={`${width}%`} height={BAR} rx="2" className="entities-chart-bar" />
              <text
                x={`${width + 1}%`}
                y={y + BAR_Y + BAR / 2}
                dominantBaseline="middle"
                className="entities-chart-value"
              >
                {bar.count}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="entities-chart-numbers">
        <summary>The numbers</summary>
        <table>
          <caption className="visually-hidden">Mentions of {name} by outlet</caption>
          <thead>
            <tr>
              <th scope="col">Outlet</th>
              <th scope="col">Articles</th>
              <th scope="col">Mentions</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.outlet}>
                <th scope="row">{bar.outlet}</th>
                <td>{bar.documents}</td>
                <td>{bar.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
