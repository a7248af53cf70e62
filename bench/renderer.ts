/**
 * Renderer benchmark: the workbench's reader on one long synthetic article (about 1.1 MB, 4,000
 * paragraphs) with 0, 1,000, 10,000 and 50,000 annotations (20% overlapping or nested), served by
 * the loopback host from the built renderer and driven in Debian's Chromium. Beside it, in the
 * same run and the same browser, the text-only floor: a plain-DOM page that fetches the same
 * document through the same API and renders its paragraphs as `<p>` elements.
 *
 * Measured: opening the document (click in the corpus list → the frame in which every highlight
 * in view is painted, checked against `CSS.highlights`), the JS heap and DOM nodes after opening,
 * a label key on a selection → the new highlight painted, and scrolling the largest case with a
 * long-task observer. In-page instrumentation: bench/renderer/probe.ts.
 *
 *   BENCH_ONLY=renderer npm run bench                       the section alone
 *   BENCH_RENDERER_DIR=/tmp/candidate BENCH_ONLY=renderer …  measures another renderer build
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'esbuild';
import type { Document } from '../common/domain.js';
import { rendererDir } from '../cli/main.js';
import { insertAnnotationsBulk } from '../db/bulk.js';
import { importDocuments } from '../db/import/documents.js';
import { createDispatcher, type Dispatcher } from '../host/dispatcher.js';
import { startServer } from '../host/server.js';
import { median, percentile, type BenchContext, type BenchRow, type BenchSection } from './harness.js';
import {
  overlapShare,
  paragraphPrefixSums,
  syntheticAnnotations,
  syntheticBody,
  type SyntheticSpan,
} from './renderer/corpus.js';
import type { ArmOptions, Coverage, ProbeResult } from './renderer/probe.js';
import { openWorkspace } from '../host/open-workspace.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const PARAGRAPHS = 4000;
const VIEWPORT = { width: 1440, height: 900 };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];
const HOME_TEXT =
  'A short note\n\nThe workbench opens on this short note; the benchmark then opens a long report from the corpus list, as a person would.';
const SCROLL_STEPS = 60;
/** Enough for the main thread's tasks with their thread CPU time. */
const TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline'];
const WHEEL_TICKS = 40;

interface OpenSample {
  /** Click → the frame after `triangulate:highlights-painted` (floor: after its text). */
  painted: number;
  /** Click → the frame after `triangulate:annotations-loaded`. */
  loaded: number;
  heapMb: number;
  nodes: number;
  longestTask: number;
  /** Longest task after the first paint, while the rest of the annotations load. */
  loadingTask: number;
  marks: Record<string, number>;
  coverage: Coverage | null;
  coverageLoaded: Coverage | null;
}

interface TagSample {
  /** Key press → the frame with the new range in a label highlight. */
  painted: number;
  /** annotations.create: request → response, as the page sees it. */
  roundTrip: number | null;
  /** Key press → annotations.create's response. */
  replyAt: number | null;
  /** annotations.create in the dispatcher (validation, write, durable commit, event). */
  server: number | null;
}

interface LongDoc {
  size: number;
  id: string;
  title: string;
  spans: SyntheticSpan[];
  sums: Int32Array;
}

const fmt = (n: number) => n.toLocaleString('en');
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : n.toFixed(0)} ms`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The built renderer; built first when missing. Says so when it is older than its sources. */
function builtRenderer(log: (m: string) => void): { dir: string; stale: boolean } {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    log('renderer: dist/renderer is missing, running node scripts/build.mjs');
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('node scripts/build.mjs failed');
  }
  if (process.env.BENCH_RENDERER_DIR) {
    log(`renderer: measuring the build in ${process.env.BENCH_RENDERER_DIR} (BENCH_RENDERER_DIR)`);
    return { dir: path.resolve(process.env.BENCH_RENDERER_DIR), stale: false };
  }
  // From the sources (tsx), rendererDir() meets renderer/index.html (the unbuilt page) first.
  let dir = rendererDir();
  if (!fs.existsSync(path.join(dir, 'app.js'))) dir = path.join(repoRoot, 'dist', 'renderer');
  const builtAt = fs.statSync(path.join(dir, 'app.js')).mtimeMs;
  const sources = fs.readdirSync(path.join(repoRoot, 'renderer'), { recursive: true, encoding: 'utf8' });
  const stale = sources.some((f) => {
    const full = path.join(repoRoot, 'renderer', f);
    return fs.statSync(full).isFile() && fs.statSync(full).mtimeMs > builtAt;
  });
  if (stale) log('renderer: WARNING dist/renderer is older than renderer/ sources (run node scripts/build.mjs)');
  return { dir, stale };
}

/** Bundles one browser-side file of bench/renderer into a classic script. */
async function browserScript(file: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(here, 'renderer', file)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  return (result.outputFiles[0] as { text: string }).text;
}

interface TraceTasks {
  /** Longest main-thread task, wall clock. */
  wall: number;
  /** That task's CPU time on the main thread. */
  wallCpu: number;
  /** Longest main-thread task by CPU time. */
  cpu: number;
  over50Wall: number;
  over50Cpu: number;
}

/**
 * The renderer main thread's tasks in a Chromium trace, wall clock and thread CPU time: on a
 * shared machine a task can take 150 ms of wall time for 15 ms of CPU while other processes run.
 */
function traceTasks(trace: Buffer): TraceTasks {
  type TraceEvent = {
    name: string;
    ph: string;
    pid: number;
    tid: number;
    dur?: number;
    tdur?: number;
    args?: { name?: string };
  };
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.name !== 'RunTask' || !mains.has(key)) continue;
    const list = byThread.get(key);
    if (list) list.push(e);
    else byThread.set(key, [e]);
  }
  const tasks = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const ms = (us: number | undefined) => (us ?? 0) / 1000;
  const longest = tasks.reduce<TraceEvent | null>((m, e) => (!m || (e.dur ?? 0) > (m.dur ?? 0) ? e : m), null);
  return {
    wall: ms(longest?.dur),
    wallCpu: ms(longest?.tdur),
    cpu: Math.max(0, ...tasks.map((e) => ms(e.tdur))),
    over50Wall: tasks.filter((e) => ms(e.dur) > 50).length,
    over50Cpu: tasks.filter((e) => ms(e.tdur) > 50).length,
  };
}

export async function benchRenderer(context: BenchContext): Promise<BenchSection> {
  const { scale, log } = context;
  const quick = scale < 0.1;
  const sizes = quick ? [100, 1_000, 5_000] : [1_000, 10_000, 50_000];
  const runs = quick ? 3 : 5;
  const tagCount = quick ? 3 : 7;
  const largest = sizes[sizes.length - 1] as number;
  const notes: string[] = [];

  const loadBefore = os.loadavg()[0] ?? 0;
  const renderer = builtRenderer(log);
  const [probeJs, floorJs] = await Promise.all([browserScript('probe.ts'), browserScript('floor.ts')]);
  const floorHtml = fs.readFileSync(path.join(here, 'renderer', 'floor.html'), 'utf8');

  // --- The corpus ----------------------------------------------------------------------------
  log('renderer: generating the document and its annotation sets');
  const body = syntheticBody(PARAGRAPHS);
  const ws = openWorkspace({ path: path.join(context.tmpDir, 'renderer.triangulate'), seed: false });
  const dispatcher = createDispatcher(ws);
  const titleOf = (n: number) =>
    n === 0 ? 'Long report with no annotations' : `Long report with ${fmt(n)} annotations`;
  const imported = await importDocuments(ws, [
    { name: 'a-short-note.txt', content: HOME_TEXT },
    ...[0, ...sizes].map((n) => ({ name: `long-${n}.txt`, content: `${titleOf(n)}\n\n${body}` })),
  ]);
  const [home, ...longSummaries] = imported.imported;
  if (!home || longSummaries.length !== sizes.length + 1) throw new Error('import went wrong');
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const reply = await dispatcher.dispatch(method, params);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result as T;
  };
  const longDocs: LongDoc[] = [];
  let documentMb = 0;
  let paragraphCount = 0;
  for (const [i, summary] of longSummaries.entries()) {
    const size = i === 0 ? 0 : (sizes[i - 1] as number);
    const doc = await call<Document>('documents.get', { id: summary.id });
    documentMb = doc.text.length / 1e6;
    paragraphCount = doc.paragraphs.length;
    const spans = size ? syntheticAnnotations(doc.text, doc.paragraphs, size, 1, size) : [];
    if (spans.length) {
      insertAnnotationsBulk(
        ws,
        spans.map((s) => ({
          documentId: doc.id,
          labelId: s.labelId,
          status: s.status,
          fragments: [{ start: s.start, end: s.end }],
        })),
      );
    }
    longDocs.push({
      size,
      id: doc.id,
      title: summary.title,
      spans,
      sums: paragraphPrefixSums(spans, doc.paragraphs.length),
    });
  }
  const expectedIn = (doc: LongDoc, c: Coverage) =>
    (doc.sums[c.last + 1] as number) - (doc.sums[Math.max(0, c.first)] as number);

  // --- Server and browser ---------------------------------------------------------------------
  const serverTimes: number[] = [];
  const timed: Dispatcher = {
    subscribe: (listener) => dispatcher.subscribe(listener),
    async dispatch(method, params) {
      const start = process.hrtime.bigint();
      const reply = await dispatcher.dispatch(method, params);
      if (method === 'annotations.create') serverTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
      return reply;
    },
  };
  const server = await startServer({ dispatcher: timed, rendererDir: renderer.dir });
  const origin = new URL(server.url).origin;
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const version = browser.version();
    log(`renderer: Chromium ${version}`);
    const b = browser;

    const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
      const ctx = await b.newContext({ viewport: VIEWPORT });
      await ctx.addInitScript({ content: probeJs });
      await ctx.route(`${origin}/bench-floor/**`, (route) => {
        const url = new URL(route.request().url());
        const js = url.pathname.endsWith('.js');
        return route.fulfill({
          status: 200,
          contentType: js ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
          body: js ? floorJs : floorHtml,
        });
      });
      return { context: ctx, page: await ctx.newPage() };
    };

    const arm = (page: Page, options: ArmOptions) => page.evaluate((o) => window.__triBench.arm(o), options);
    const result = (page: Page) => page.evaluate(() => window.__triBench.result());

    const memory = async (ctx: BrowserContext, page: Page) => {
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
      await cdp.detach();
      return { heapMb: metric('JSHeapUsedSize') / 1e6, nodes: metric('Nodes') };
    };

    /** Opens the workbench on the short note (what it shows before the person picks a document). */
    const openWorkbench = async (page: Page) => {
      await call('settings.set', { key: 'lastDocumentId', value: home.id });
      await page.goto(server.url);
      await page.waitForSelector('main[data-annotations="complete"] .reader-text', { timeout: 30_000 });
      await page.waitForFunction(
        (title) => document.querySelector('.document-item[aria-current="page"]')?.textContent?.startsWith(title),
        home.title,
      );
      await page.waitForTimeout(300); // let the start-up requests settle
    };

    const clickDocument = (page: Page, doc: LongDoc) =>
      page
        .getByRole('navigation', { name: 'Documents' })
        .getByRole('button', { name: new RegExp(`^${escapeRegExp(doc.title)}`) })
        .click();

    const longestTask = async (page: Page, from: number, to: number) => {
      const { tasks, frames } = await page.evaluate((o) => window.__triBench.longTasks(o.from, o.to), { from, to });
      return {
        task: Math.max(0, ...tasks.map((t) => t.duration)),
        over50: tasks.filter((t) => t.duration > 50).length,
        frame: Math.max(0, ...frames.map((t) => t.duration)),
      };
    };

    const checkProbe = (r: ProbeResult, what: string): void => {
      if (!r.ok || r.doneAt === null) throw new Error(`${what}: ${r.error ?? 'no result'}`);
    };

    let readerWidth = 0;

    const workbenchRun = async (doc: LongDoc): Promise<OpenSample> => {
      const { context: ctx, page } = await newPage();
      try {
        await openWorkbench(page);
        await arm(page, { kind: 'open', event: 'click', timeoutMs: 60_000 });
        await clickDocument(page, doc);
        const r = await result(page);
        checkProbe(r, `open ${doc.title}`);
        const loadedAt = r.loadedAt ?? (r.doneAt as number);
        readerWidth = await page.evaluate(() => window.__triBench.readerWidth());
        const { task } = await longestTask(page, r.eventAt, loadedAt);
        const loading = await longestTask(page, r.doneAt as number, loadedAt);
        const mem = await memory(ctx, page);
        return {
          painted: (r.doneAt as number) - r.eventAt,
          loaded: loadedAt - r.eventAt,
          ...mem,
          longestTask: task,
          loadingTask: loading.task,
          marks: Object.fromEntries(Object.entries(r.marks).map(([k, v]) => [k, v - r.eventAt])),
          coverage: r.coverageAtDone,
          coverageLoaded: r.coverageAtLoaded,
        };
      } finally {
        await ctx.close();
      }
    };

    const floorDoc = longDocs[0] as LongDoc;
    const floorRun = async (): Promise<OpenSample> => {
      const { context: ctx, page } = await newPage();
      try {
        const width = readerWidth || 574;
        await page.goto(
          `${origin}/bench-floor/floor.html?token=${encodeURIComponent(server.token)}&doc=${floorDoc.id}&width=${width}`,
        );
        await page.waitForSelector('#open');
        await page.waitForTimeout(300);
        await arm(page, { kind: 'floor', event: 'click', timeoutMs: 60_000 });
        await page.click('#open');
        const r = await result(page);
        checkProbe(r, 'floor');
        const { task } = await longestTask(page, r.eventAt, r.doneAt as number);
        const mem = await memory(ctx, page);
        const painted = (r.doneAt as number) - r.eventAt;
        return {
          painted,
          loaded: painted,
          ...mem,
          longestTask: task,
          loadingTask: 0,
          marks: {},
          coverage: null,
          coverageLoaded: null,
        };
      } finally {
        await ctx.close();
      }
    };

    /** Selects a word in a paragraph in view, presses g and times it to the new range painted. */
    const tagRun = async (page: Page, workbench: boolean): Promise<TagSample[]> => {
      const samples: TagSample[] = [];
      const view = await page.evaluate(() => window.__triBench.coverage());
      if (!view) throw new Error('no reader');
      const paragraphs: number[] = [];
      for (let p = Math.max(1, view.first + 1); p < view.last; p++) paragraphs.push(p);
      if (!paragraphs.length) throw new Error('no paragraph in view');
      for (let t = 0; t < tagCount; t++) {
        const paragraph = paragraphs[t % paragraphs.length] as number;
        const words = await page.evaluate((p) => window.__triBench.wordsOf(p), paragraph);
        const [start, end] = words[(2 + 3 * Math.floor(t / paragraphs.length)) % words.length] as [number, number];
        const word = await page.evaluate((o) => window.__triBench.selectInReader(o.paragraph, o.start, o.end), {
          paragraph,
          start,
          end,
        });
        if (!word) throw new Error(`could not select in paragraph ${paragraph}`);
        if (workbench) {
          // ProseMirror has adopted the selection once the toolbar shows it.
          await page.waitForFunction(
            (w) => document.querySelector('.selection-status')?.textContent?.includes(`“${w}”`),
            word,
          );
        }
        await page.waitForTimeout(50);
        const serverBefore = serverTimes.length;
        await arm(page, { kind: 'tag', event: 'keydown', timeoutMs: 10_000, target: { paragraph, start, end } });
        await page.keyboard.press('g');
        const r = await result(page);
        checkProbe(r, `tag ${t + 1}`);
        await page.waitForTimeout(workbench ? 400 : 100); // the change event and its refetches settle
        const calls = await page.evaluate((from) => window.__triBench.calls(from), r.eventAt);
        const create = calls.find((c) => c.method === 'annotations.create');
        samples.push({
          painted: (r.doneAt as number) - r.eventAt,
          roundTrip: create && create.end !== null ? create.end - create.start : null,
          replyAt: create && create.end !== null ? create.end - r.eventAt : null,
          server: serverTimes.length > serverBefore ? (serverTimes[serverBefore] as number) : null,
        });
      }
      return samples;
    };

    // --- 1. Opening: floor and workbench, interleaved run by run ------------------------------
    log('renderer: warm-up');
    await workbenchRun(longDocs[1] as LongDoc);
    await floorRun();
    const floorSamples: OpenSample[] = [];
    const openSamples = new Map<number, OpenSample[]>(longDocs.map((d) => [d.size, []]));
    for (let run = 0; run < runs; run++) {
      log(`renderer: opening, run ${run + 1} of ${runs}`);
      floorSamples.push(await floorRun());
      for (const doc of longDocs) (openSamples.get(doc.size) as OpenSample[]).push(await workbenchRun(doc));
    }

    // --- 2. Scrolling the largest case, then 3. new tags on each ------------------------------
    const tagSamples = new Map<number, TagSample[]>();
    interface ScrollPass {
      trace: TraceTasks;
      task: number;
      over50: number;
      frame: number;
      gap: number;
      mismatches: string[];
    }
    let scroll: { steps: ScrollPass & { checked: number }; wheel: ScrollPass & { distance: number } } | null = null;
    for (const doc of longDocs.filter((d) => d.size > 0)) {
      const { context: ctx, page } = await newPage();
      try {
        await openWorkbench(page);
        await clickDocument(page, doc);
        await page.waitForFunction(
          (title) =>
            document.querySelector('main[data-annotations="complete"] .reader-text') &&
            document.querySelector('.document-item[aria-current="page"]')?.textContent?.startsWith(title),
          doc.title,
        );
        await page.waitForTimeout(500);

        if (doc.size === largest) {
          log(`renderer: scrolling the ${fmt(doc.size)} case`);
          const check = async (where: string, mismatches: string[]) => {
            const c = await page.evaluate(() => window.__triBench.coverage());
            if (!c) mismatches.push(`${where}: no reader`);
            else if (c.visibleRanges !== expectedIn(doc, c))
              mismatches.push(
                `${where}: ${c.visibleRanges} of ${expectedIn(doc, c)} in paragraphs ${c.first}-${c.last}`,
              );
          };
          const stepMismatches: string[] = [];
          const { max } = await page.evaluate(() => window.__triBench.scrollReader(0));
          await b.startTracing(page, { categories: TRACE_CATEGORIES });
          let t0 = await page.evaluate(() => window.__triBench.now());
          await page.evaluate(() => window.__triBench.frameGaps(true));
          for (let i = 1; i <= SCROLL_STEPS; i++) {
            await page.evaluate((top) => window.__triBench.scrollReader(top), Math.round((max * i) / SCROLL_STEPS));
            await check(`step ${i}`, stepMismatches);
          }
          let gap = await page.evaluate(() => window.__triBench.frameGaps(false));
          let t1 = await page.evaluate(() => window.__triBench.now());
          const stepsTrace = traceTasks(await b.stopTracing());
          const steps = {
            trace: stepsTrace,
            ...(await longestTask(page, t0, t1)),
            gap,
            mismatches: stepMismatches,
            checked: SCROLL_STEPS,
          };

          const wheelMismatches: string[] = [];
          await page.evaluate(() => window.__triBench.scrollReader(0));
          const box = await page.locator('.reader-scroller').boundingBox();
          if (!box) throw new Error('no reader scroller');
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          await b.startTracing(page, { categories: TRACE_CATEGORIES });
          t0 = await page.evaluate(() => window.__triBench.now());
          await page.evaluate(() => window.__triBench.frameGaps(true));
          for (let i = 0; i < WHEEL_TICKS; i++) {
            await page.mouse.wheel(0, 600);
            await page.waitForTimeout(50);
          }
          await page.waitForTimeout(300);
          gap = await page.evaluate(() => window.__triBench.frameGaps(false));
          t1 = await page.evaluate(() => window.__triBench.now());
          const wheelTrace = traceTasks(await b.stopTracing());
          await check('after the wheel', wheelMismatches);
          const distance = await page.evaluate(() => window.__triBench.readerScrollTop());
          const wheel = {
            trace: wheelTrace,
            ...(await longestTask(page, t0, t1)),
            gap,
            mismatches: wheelMismatches,
            distance,
          };
          scroll = { steps, wheel };
          await page.evaluate(() => window.__triBench.scrollReader(0));
          await page.waitForTimeout(300);
        }

        log(`renderer: ${tagCount} new tags on the ${fmt(doc.size)} case`);
        const samples = await tagRun(page, true);
        tagSamples.set(doc.size, samples);
      } finally {
        await ctx.close();
      }
    }

    log(`renderer: ${tagCount} new tags on the text-only floor`);
    let floorTags: TagSample[] = [];
    {
      const { context: ctx, page } = await newPage();
      try {
        await page.goto(
          `${origin}/bench-floor/floor.html?token=${encodeURIComponent(server.token)}&doc=${floorDoc.id}&width=${readerWidth || 574}`,
        );
        await page.click('#open');
        await page.waitForSelector('#text p');
        await page.waitForTimeout(300);
        floorTags = await tagRun(page, false);
      } finally {
        await ctx.close();
      }
    }

    // --- Rows -------------------------------------------------------------------------------------
    const rows: BenchRow[] = [];
    const floorOpen = median(floorSamples.map((s) => s.painted));
    const floorHeap = median(floorSamples.map((s) => s.heapMb));
    const floorNodes = median(floorSamples.map((s) => s.nodes));
    const floorName = 'text-only floor: plain DOM, documents.get → <p>s';
    const ofRuns = `median of ${runs}`;
    rows.push({
      name: `text-only floor: click → ${fmt(paragraphCount)} <p>s painted (plain DOM, same API), ${ofRuns}`,
      value: floorOpen,
      unit: 'ms',
    });
    const coverageSummary: string[] = [];
    for (const doc of longDocs) {
      const samples = openSamples.get(doc.size) as OpenSample[];
      const painted = median(samples.map((s) => s.painted));
      let incomplete = false;
      if (doc.size > 0) {
        const counts = samples.map((s) => {
          const c = s.coverage;
          if (!c) return 'no reader';
          const want = expectedIn(doc, c);
          if (c.visibleRanges !== want || want === 0) incomplete = true;
          return `${c.visibleRanges}/${want}`;
        });
        const loadedCounts = samples.map((s) => {
          const c = s.coverageLoaded;
          if (!c) return 'no reader';
          const want = expectedIn(doc, c);
          if (c.visibleRanges !== want) incomplete = true;
          return `${c.visibleRanges}/${want}`;
        });
        const one = samples[0]?.coverage;
        coverageSummary.push(
          `${fmt(doc.size)}: ${counts.join(', ')} at "highlights painted", ${loadedCounts.join(', ')} once all were loaded` +
            (one ? ` (paragraphs ${one.first}-${one.last} in view; ${one.registered} ranges registered in all)` : ''),
        );
      }
      const target = doc.size === 10_000 ? '≤ 1.3× (10k)' : doc.size === 50_000 ? '≤ 1.6× (50k)' : undefined;
      rows.push({
        name:
          doc.size === 0
            ? `workbench, no annotations: click in the corpus → text painted, ${ofRuns}`
            : `workbench, ${fmt(doc.size)} annotations: click in the corpus → every highlight in view painted, ${ofRuns}${incomplete ? ' (INCOMPLETE: see notes)' : ''}`,
        value: painted,
        unit: 'ms',
        baseline: floorOpen,
        baselineName: floorName,
        ...(target ? { target } : {}),
      });
    }
    for (const doc of longDocs.filter((d) => d.size > 0)) {
      const samples = openSamples.get(doc.size) as OpenSample[];
      rows.push({
        name: `workbench, ${fmt(doc.size)} annotations: click → all of them loaded, indexed and painted, ${ofRuns}`,
        value: median(samples.map((s) => s.loaded)),
        unit: 'ms',
        baseline: floorOpen,
        baselineName: floorName,
      });
    }
    {
      const samples = openSamples.get(largest) as OpenSample[];
      rows.push({
        name: `workbench, ${fmt(largest)} annotations: longest main-thread task after the first paint, while the rest load, ${ofRuns}`,
        value: median(samples.map((s) => s.loadingTask)),
        unit: 'ms',
      });
    }
    for (const doc of longDocs) {
      const samples = openSamples.get(doc.size) as OpenSample[];
      rows.push({
        name: `JS heap after opening (after GC), ${fmt(doc.size)} annotations`,
        value: median(samples.map((s) => s.heapMb)),
        unit: 'MB',
        baseline: floorHeap,
        baselineName: 'text-only floor page',
      });
    }
    for (const doc of longDocs) {
      const samples = openSamples.get(doc.size) as OpenSample[];
      rows.push({
        name: `DOM nodes after opening, ${fmt(doc.size)} annotations`,
        value: median(samples.map((s) => s.nodes)),
        unit: 'count',
        baseline: floorNodes,
        baselineName: 'text-only floor page',
      });
    }
    const floorTag = median(floorTags.map((s) => s.painted));
    for (const doc of longDocs.filter((d) => d.size > 0)) {
      const samples = tagSamples.get(doc.size) ?? [];
      const early = samples.filter((s) => s.replyAt !== null && s.painted < s.replyAt).length;
      rows.push({
        name: `new tag (${fmt(doc.size)}): key press → new highlight painted in its label's colour, p50 of ${samples.length} (${early} of ${samples.length} painted before annotations.create answered)`,
        value: median(samples.map((s) => s.painted)),
        unit: 'ms',
        baseline: floorTag,
        baselineName: 'text-only floor: the key adds one CSS highlight range, no API',
        target: '≤ 16 ms',
      });
    }
    const allTrips = [...tagSamples.values()].flat().flatMap((x) => (x.roundTrip === null ? [] : [x.roundTrip]));
    rows.push({
      name: `… annotations.create round trip as the page sees it (fetch → response), p50 of ${allTrips.length}; in the dispatcher alone ${serverTimes.length ? ms(median(serverTimes)) : '?'}`,
      value: allTrips.length ? median(allTrips) : NaN,
      unit: 'ms',
    });
    if (scroll) {
      const { steps, wheel } = scroll;
      for (const [what, pass] of [
        [`scroll the ${fmt(largest)} case top to bottom in ${SCROLL_STEPS} scrollTop steps`, steps],
        [`scroll the ${fmt(largest)} case by mouse wheel, ${WHEEL_TICKS} × 600 px`, wheel],
      ] as const) {
        rows.push(
          {
            name: `${what}: longest task (longtask observer; that task used ${ms(pass.trace.wallCpu)} of main-thread CPU in the trace)`,
            value: pass.task,
            unit: 'ms',
            target: '≤ 50 ms',
          },
          {
            name: `… tasks over 50 ms (longest animation frame ${ms(pass.frame)}, longest frame gap ${ms(pass.gap)})`,
            value: pass.over50,
            unit: 'count',
            target: '0',
          },
          {
            name: `… longest task by main-thread CPU time (trace; other processes' share of the 2 cores excluded), ${pass.trace.over50Cpu} over 50 ms`,
            value: pass.trace.cpu,
            unit: 'ms',
            target: '≤ 50 ms',
          },
        );
      }
    }

    // --- Notes --------------------------------------------------------------------------------------
    const wb50 = openSamples.get(largest) as OpenSample[];
    const markMedian = (samples: OpenSample[], name: string) => {
      const values = samples.map((s) => s.marks[name]).filter((v): v is number => v !== undefined);
      return values.length ? ms(median(values)) : '?';
    };
    notes.push(
      `Chromium ${version} (${executablePath}), headless, ${VIEWPORT.width}×${VIEWPORT.height}, --disable-gpu; the workbench from ${path.relative(repoRoot, renderer.dir)} through the loopback host (startServer), each run in a fresh browser context.` +
        (renderer.stale ? ' WARNING: dist/renderer was older than renderer/ sources: run node scripts/build.mjs.' : ''),
      `Document: ${documentMb.toFixed(2)} MB of synthetic text, ${fmt(paragraphCount)} paragraphs (a title line and ${fmt(PARAGRAPHS)} paragraphs of 16-56 words), imported with importDocuments; the same body under ${longDocs.length} titles, each with its own annotation set loaded with insertAnnotationsBulk (80% side by side, 20% placed overlapping or nested in another: a claim around one, a span crossing an edge, one word inside; 8 labels; 10% proposed or rejected). Share that starts inside another annotation: ${longDocs
        .filter((d) => d.size > 0)
        .map((d) => `${fmt(d.size)}: ${(overlapShare(d.spans) * 100).toFixed(0)}%`)
        .join(', ')}.` +
        (quick
          ? ` Quick run (BENCH_SCALE=${scale} < 0.1): ${sizes.map(fmt).join(' / ')} annotations instead of 1,000 / 10,000 / 50,000, ${runs} runs and ${tagCount} tags.`
          : ''),
      `Opening: from the click on the document in the corpus list (the click event's timestamp; the workbench already shows a short note, as after start-up) to the end of the frame in which the reader's triangulate:highlights-painted mark was made (the reader makes it in a rAF callback after registering the highlights; the probe's own rAF callback posts a message that runs once that frame's style, layout and paint are done). The floor is timed the same way, from the click on its button to the end of the first frame whose rAF callback saw its <p>s in the DOM; its column is as wide as the reader's text (${readerWidth} px), same font and line height. "All loaded": to the end of the frame after triangulate:annotations-loaded (every annotation fetched, indexed and the window repainted). Floor and workbench runs are interleaved (floor, 0, ${sizes.map(fmt).join(', ')}; ${runs} times) so that load from other processes hits both.`,
      `"Every highlight in view painted" is checked at that frame: the label highlight ranges in CSS.highlights that start in the paragraphs in view, against the annotations the benchmark put there (registered/expected per run) — ${coverageSummary.join('; ')}.`,
      `Breakdown of the ${fmt(largest)} case (median ms after the click): reader-build-start ${markMedian(wb50, 'triangulate:reader-build-start')} (document and first page of annotations fetched and parsed), reader-built ${markMedian(wb50, 'triangulate:reader-built')}, highlights-painted mark ${markMedian(wb50, 'triangulate:highlights-painted')}, annotations-loaded mark ${markMedian(wb50, 'triangulate:annotations-loaded')}. Best of ${runs} (click → highlights painted): floor ${ms(Math.min(...floorSamples.map((s) => s.painted)))}, ${longDocs.map((d) => `${fmt(d.size)}: ${ms(Math.min(...(openSamples.get(d.size) as OpenSample[]).map((s) => s.painted)))}`).join(', ')}; all runs: floor ${floorSamples.map((s) => s.painted.toFixed(0)).join('/')}, ${longDocs.map((d) => `${fmt(d.size)}: ${(openSamples.get(d.size) as OpenSample[]).map((s) => s.painted.toFixed(0)).join('/')}`).join(', ')}. Longest task after the first paint while the rest load (median): ${longDocs.map((d) => `${fmt(d.size)}: ${ms(median((openSamples.get(d.size) as OpenSample[]).map((s) => s.loadingTask)))}`).join(', ')}. Longest task while opening (median of the runs' longest, click → all loaded): floor ${ms(median(floorSamples.map((s) => s.longestTask)))}, ${longDocs.map((d) => `${fmt(d.size)}: ${ms(median((openSamples.get(d.size) as OpenSample[]).map((s) => s.longestTask)))}`).join(', ')}.`,
      `Memory: CDP HeapProfiler.collectGarbage, then Performance.getMetrics (JSHeapUsedSize, Nodes) once all annotations are loaded; the floor page holds the document only.`,
      `New tag: a word in a paragraph in view is selected (DOM selection in the focused reader, which ProseMirror adopts; the toolbar then shows it), the key g (Country) is pressed, and the time runs from the keydown event to the end of the first frame rendered with a range of exactly that word in a label highlight of CSS.highlights (tri-l*). The workbench paints the tag at once (a pending annotation) and replaces it when annotations.create answers, so the round trip is reported beside it, not inside it (unless the paint waited for it: see the count in the row). The floor does the same key press on the plain page, adding one StaticRange to a highlight, no API. Per tag, ms (painted / reply): ${[
        ...tagSamples,
      ]
        .map(
          ([size, list]) =>
            `${fmt(size)}: ${list.map((x) => `${x.painted.toFixed(1)}/${x.replyAt === null ? '—' : x.replyAt.toFixed(0)}`).join(', ')}`,
        )
        .join(
          '; ',
        )}; floor: ${floorTags.map((x) => x.painted.toFixed(1)).join(', ')}. annotations.create round trip p50 as the page sees it: ${[
        ...tagSamples,
      ]
        .map(([size, list]) => {
          const trips = list.map((x) => x.roundTrip).filter((v): v is number => v !== null);
          return `${fmt(size)}: ${trips.length ? ms(median(trips)) : '?'}`;
        })
        .join(
          ', ',
        )}; in the dispatcher (validation, insert, durable commit, change event) p50 ${serverTimes.length ? ms(median(serverTimes)) : '?'}, p95 ${serverTimes.length ? ms(percentile(serverTimes, 95)) : '?'}.`,
    );
    if (scroll) {
      const { steps, wheel } = scroll;
      notes.push(
        `Scroll: the reader's scroller is moved to ${SCROLL_STEPS} evenly spaced scrollTop positions from top to bottom, waiting two frames after each, while a PerformanceObserver collects 'longtask' and 'long-animation-frame' entries and a rAF loop records the longest frame-to-frame gap; then ${WHEEL_TICKS} mouse-wheel ticks of 600 px, 50 ms apart (${fmt(Math.round(wheel.distance))} px). The same passes are traced (category disabled-by-default-devtools.timeline, its RunTask events) to give each main-thread task's thread CPU time beside its wall time: wall ${ms(steps.trace.wall)} / CPU ${ms(steps.trace.wallCpu)} for the longest step task, ${ms(wheel.trace.wall)} / ${ms(wheel.trace.wallCpu)} for the wheel; a long wall time with a short CPU time is the renderer waiting for a core, not work the reader does. After every step the highlights in view were checked as above: ${steps.mismatches.length ? `${steps.mismatches.length} of ${steps.checked} steps were missing some: ${steps.mismatches.slice(0, 5).join('; ')}` : `all ${steps.checked} steps had every annotation in view registered`}; after the wheel: ${wheel.mismatches.length ? wheel.mismatches.join('; ') : 'all registered'}.`,
      );
    }
    notes.push(
      `Machine load: 1-minute load average ${loadBefore.toFixed(1)} when the section started and ${(os.loadavg()[0] ?? 0).toFixed(1)} when it ended, on ${os.cpus().length} cores shared with other work; wall-clock figures stretch with it (compare each to its same-run floor, and the scroll figures to their CPU time).`,
    );
    notes.push(
      'Accessibility is not measured here: the highlights are CSS Custom Highlights (no DOM per annotation); the annotations reach assistive technology through the virtualised "Annotations in this document" listbox and the announcements when Tab moves between them.',
    );
    return { title: 'Renderer: long document in Chromium', rows, notes };
  } finally {
    await browser?.close();
    await server.close();
    ws.close();
  }
}
