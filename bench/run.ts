/**
 * `npm run bench`: runs every benchmark section and writes the figures, each beside its
 * same-run baseline as a ratio, with the machine noted, to bench/results/latest.md and .json.
 *
 *   BENCH_SCALE=0.01 npm run bench     a quick run at 1% of the sizes
 *   BENCH_ONLY=core,cross,datasets npm run bench
 *   BENCH_PROFILE=DIR npm run bench        a CPU profile of each dataset export/import child in DIR
 *   BENCH_KEEP=1 (or a folder) npm run bench   keep the cross section's built corpus between runs
 *
 * With BENCH_ONLY, the sections run replace the ones of the same title in the results file and
 * every other section is kept as it is; without it, the file is written anew. Each section
 * notes when it ran and the load average before and after it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { BenchModule, BenchRow, BenchSection } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const scale = Number(process.env.BENCH_SCALE ?? '1');
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());

/** Sections and the module that provides each; a missing module is skipped with a note. */
const SECTIONS: Array<{ name: string; file: string; exportName: string }> = [
  { name: 'core', file: 'core.ts', exportName: 'benchCore' },
  { name: 'cross', file: 'cross.ts', exportName: 'benchCross' },
  { name: 'datasets', file: 'datasets.ts', exportName: 'benchDatasets' },
  { name: 'renderer', file: 'renderer.ts', exportName: 'benchRenderer' },
];

function machine(): string {
  const cpus = os.cpus();
  const sqlite = (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, SQLite ${sqlite}`;
}

function formatValue(value: number, unit: BenchRow['unit']): string {
  if (unit === 'ms')
    return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
  return `${value < 10 ? value.toFixed(2) : Math.round(value).toLocaleString('en')} ${unit}`;
}

function ratio(row: BenchRow): string {
  if (row.baseline === undefined || row.baseline === 0) return '—';
  return `${(row.value / row.baseline).toFixed(2)}×`;
}

function sectionMarkdown(section: BenchSection): string {
  const out = [
    `## ${section.title}`,
    '',
    '| measure | Triangulate | baseline | ratio | target |',
    '|---|---|---|---|---|',
  ];
  for (const row of section.rows) {
    const baseline =
      row.baseline === undefined ? '—' : `${formatValue(row.baseline, row.unit)} (${row.baselineName ?? ''})`;
    out.push(
      `| ${row.name} | ${formatValue(row.value, row.unit)} | ${baseline} | ${ratio(row)} | ${row.target ?? ''} |`,
    );
  }
  for (const note of section.notes ?? []) out.push('', `- ${note}`);
  return out.join('\n');
}

function markdown(sections: BenchSection[], started: Date, seconds: number): string {
  const out = [
    '# Benchmark results',
    '',
    `Run ${started.toISOString()} at BENCH_SCALE=${scale} in ${seconds.toFixed(0)} s.`,
    '',
    `Machine: ${machine()}.`,
    '',
    'Ratios are Triangulate ÷ baseline, both measured in this run (lower is better; 1.00× = as fast as the baseline).',
  ];
  for (const section of sections) out.push('', sectionMarkdown(section));
  return out.join('\n') + '\n';
}

/** `existing` with each of `sections` in place of the section of the same title (or added at the end). */
function mergeMarkdown(existing: string, sections: BenchSection[]): string {
  const parts = existing.trimEnd().split(/^(?=## )/m);
  for (const section of sections) {
    const text = sectionMarkdown(section) + '\n\n';
    const at = parts.findIndex((part) => part.startsWith(`## ${section.title}\n`));
    if (at >= 0) parts[at] = text;
    else parts.push(text);
  }
  return (
    parts
      .map((part) => part.trimEnd() + '\n\n')
      .join('')
      .trimEnd() + '\n'
  );
}

/** The 1-minute load average, with one decimal. */
function load(): string {
  return (os.loadavg()[0] ?? 0).toFixed(1);
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-bench-'));
const started = new Date();
const t0 = Date.now();
const sections: BenchSection[] = [];
try {
  for (const section of SECTIONS) {
    if (only && !only.includes(section.name)) continue;
    const file = path.join(here, section.file);
    if (!fs.existsSync(file)) {
      console.error(`bench: ${section.name} skipped (no ${section.file})`);
      continue;
    }
    const mod = (await import(file)) as Record<string, BenchModule>;
    const run = mod[section.exportName];
    if (!run) throw new Error(`${section.file} does not export ${section.exportName}`);
    const tmpDir = path.join(tmpRoot, section.name);
    fs.mkdirSync(tmpDir);
    console.error(`bench: ${section.name}…`);
    const sectionStarted = new Date();
    const loadBefore = load();
    const result = await run({ tmpDir, scale, log: (m) => console.error(`  ${m}`) });
    const sectionSeconds = (Date.now() - sectionStarted.getTime()) / 1000;
    result.notes = [
      ...(result.notes ?? []),
      `Run ${sectionStarted.toISOString()} (BENCH_ONLY=${section.name} BENCH_SCALE=${scale}) in ${sectionSeconds.toFixed(0)} s; 1-minute load average ${loadBefore} before and ${load()} after, on ${os.cpus().length} cores.`,
    ];
    sections.push(result);
  }
} finally {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}
const seconds = (Date.now() - t0) / 1000;
const report = markdown(sections, started, seconds);
const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
const suffix = scale === 1 ? 'latest' : `latest-scale-${scale}`;
const mdFile = path.join(outDir, `${suffix}.md`);
const jsonFile = path.join(outDir, `${suffix}.json`);
if (only && fs.existsSync(mdFile)) {
  fs.writeFileSync(mdFile, mergeMarkdown(fs.readFileSync(mdFile, 'utf8'), sections));
} else {
  fs.writeFileSync(mdFile, report);
}
let kept: BenchSection[] = [];
if (only && fs.existsSync(jsonFile)) {
  const previous = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { sections?: BenchSection[] };
  kept = (previous.sections ?? []).filter((old) => !sections.some((s) => s.title === old.title));
}
fs.writeFileSync(
  jsonFile,
  JSON.stringify(
    { started: started.toISOString(), scale, machine: machine(), seconds, sections: [...kept, ...sections] },
    null,
    2,
  ) + '\n',
);
process.stdout.write(report);
console.error(`bench: written to bench/results/${suffix}.md`);
