/**
 * In-page instrumentation of the renderer benchmark, injected before any page script runs
 * (bundled by esbuild into an init script; it runs in the workbench and in the floor page alike).
 *
 * - Long tasks and long animation frames, collected for the whole life of the page.
 * - `/api/call` requests: method, start and time the response arrived (the wrapper does not read
 *   or copy bodies, so it costs the page nothing measurable).
 * - `arm()` then `result()`: times a gesture from its event (`click` or `keydown`, the event's own
 *   timestamp) to the end of the first frame rendered with the awaited state. Each frame, a rAF
 *   callback checks the state (before that frame's style, layout and paint) and posts a message;
 *   the message runs after the frame is rendered and takes the time: "painted" means that frame
 *   was produced with it.
 * - `coverage()`: which paragraphs of the reader are in view, and how many highlight ranges are
 *   registered in `CSS.highlights` for them (label highlights only), to check the windowed
 *   painter against the annotations that are really there.
 */

interface Interval {
  start: number;
  duration: number;
}

interface CallTiming {
  method: string;
  start: number;
  /** When the response headers arrived (the whole body, for the small replies timed here). */
  end: number | null;
}

export type ProbeKind = 'floor' | 'open' | 'tag';

export interface ArmOptions {
  kind: ProbeKind;
  event: 'click' | 'keydown';
  timeoutMs: number;
  /** For `tag`: the range the new annotation must be painted on (paragraph index, local offsets). */
  target?: { paragraph: number; start: number; end: number };
}

export interface Coverage {
  first: number;
  last: number;
  /** Ranges in label highlights that start in the visible paragraphs. */
  visibleRanges: number;
  /** Ranges in label highlights, in total (the painter's window). */
  registered: number;
}

export interface ProbeResult {
  ok: boolean;
  error?: string;
  eventAt: number;
  /** floor: text painted; open: highlights painted; tag: painted in its label's highlight. */
  doneAt: number | null;
  /** open: frame after `triangulate:annotations-loaded`. */
  loadedAt: number | null;
  /** tag: first frame with the new range in any highlight (e.g. the selected one). */
  firstAt: number | null;
  marks: Record<string, number>;
  coverageAtDone: Coverage | null;
  coverageAtLoaded: Coverage | null;
}

declare global {
  interface Window {
    __triBench: Probe;
    __name?: (target: unknown) => unknown;
  }
}

interface Probe {
  arm(options: ArmOptions): void;
  result(): Promise<ProbeResult>;
  coverage(): Coverage | null;
  longTasks(from: number, to: number): { tasks: Interval[]; frames: Interval[] };
  calls(from: number): CallTiming[];
  now(): number;
  readerWidth(): number;
  /** Scrolls the reader to `top`, then waits until two frames are rendered. */
  scrollReader(top: number): Promise<{ top: number; max: number }>;
  /** Starts (or stops, returning the longest gap) a rAF loop measuring frame-to-frame gaps. */
  frameGaps(run: boolean): number;
  readerScrollTop(): number;
  /** Selects `[start, end)` of paragraph `paragraph` in the reader (DOM selection, reader focused); its text. */
  selectInReader(paragraph: number, start: number, end: number): string;
  /** Word boundaries of paragraph `paragraph` of the reader (local offsets). */
  wordsOf(paragraph: number): Array<[number, number]>;
}

// tsx (used to run the benchmark) wraps named functions of page.evaluate callbacks in __name().
window.__name = (target: unknown) => target;

const longTasks: Interval[] = [];
const longFrames: Interval[] = [];
for (const [type, into] of [
  ['longtask', longTasks],
  ['long-animation-frame', longFrames],
] as const) {
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) into.push({ start: e.startTime, duration: e.duration });
    }).observe({ type, buffered: true });
  } catch {
    // Not supported: reported as none.
  }
}

const calls: CallTiming[] = [];
const originalFetch = window.fetch.bind(window);
window.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.includes('/api/call')) return originalFetch(input, init);
  let method = '?';
  try {
    method = (JSON.parse(String(init?.body)) as { method: string }).method;
  } catch {
    // not ours to understand
  }
  const timing: CallTiming = { method, start: performance.now(), end: null };
  calls.push(timing);
  const pending = originalFetch(input, init);
  void pending.then(
    () => (timing.end = performance.now()),
    () => (timing.end = performance.now()),
  );
  return pending;
};

/** The reader's text (the floor page uses the same class names). */
function readerParagraphs(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.reader-text');
}

function coverage(): Coverage | null {
  const root = readerParagraphs();
  const scroller = document.querySelector<HTMLElement>('.reader-scroller');
  if (!root || !scroller) return null;
  const children = root.children;
  const count = children.length;
  const box = scroller.getBoundingClientRect();
  const top = Math.max(box.top, 0);
  const bottom = Math.min(box.bottom, window.innerHeight);
  let lo = 0;
  let hi = count - 1;
  let first = count;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((children[mid] as Element).getBoundingClientRect().bottom > top) {
      first = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  lo = 0;
  hi = count - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((children[mid] as Element).getBoundingClientRect().top < bottom) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const visible = new Set<Node>();
  for (let i = first; i <= last; i++) {
    const p = children[i] as Element;
    visible.add(p);
    for (const child of p.childNodes) visible.add(child);
  }
  let visibleRanges = 0;
  let registered = 0;
  for (const [name, highlight] of CSS.highlights) {
    if (!name.startsWith('tri-l')) continue;
    for (const range of highlight) {
      registered++;
      if (visible.has(range.startContainer)) visibleRanges++;
    }
  }
  return { first, last, visibleRanges, registered };
}

function rangeIn(target: NonNullable<ArmOptions['target']>): { any: boolean; label: boolean } {
  const p = readerParagraphs()?.children[target.paragraph];
  const node = p?.firstChild;
  const out = { any: false, label: false };
  if (!node) return out;
  for (const [name, highlight] of CSS.highlights) {
    for (const range of highlight) {
      if (range.startContainer === node && range.startOffset === target.start && range.endOffset === target.end) {
        out.any = true;
        if (name.startsWith('tri-l')) out.label = true;
      }
    }
  }
  return out;
}

function markAfter(name: string, time: number): number | null {
  for (const e of performance.getEntriesByName(name, 'mark')) if (e.startTime >= time) return e.startTime;
  return null;
}

const MARKS = [
  'triangulate:reader-build-start',
  'triangulate:reader-built',
  'triangulate:text-rendered',
  'triangulate:highlights-painted',
  'triangulate:annotations-loaded',
  'floor:rendered',
];

let current: {
  options: ArmOptions;
  result: ProbeResult;
  promise: Promise<ProbeResult>;
} | null = null;

function arm(options: ArmOptions): void {
  const result: ProbeResult = {
    ok: false,
    eventAt: -1,
    doneAt: null,
    loadedAt: null,
    firstAt: null,
    marks: {},
    coverageAtDone: null,
    coverageAtLoaded: null,
  };
  let finish: (r: ProbeResult) => void = () => undefined;
  const promise = new Promise<ProbeResult>((resolve) => (finish = resolve));
  const onEvent = (event: Event) => {
    if (result.eventAt < 0) result.eventAt = event.timeStamp;
  };
  window.addEventListener(options.event, onEvent, { capture: true });
  const channel = new MessageChannel();
  const armedAt = performance.now();
  let done = false;
  const end = (ok: boolean, error?: string) => {
    if (done) return;
    done = true;
    window.removeEventListener(options.event, onEvent, { capture: true });
    channel.port1.close();
    result.ok = ok;
    if (error) result.error = error;
    for (const name of MARKS) {
      const at = result.eventAt >= 0 ? markAfter(name, result.eventAt) : null;
      if (at !== null) result.marks[name] = at;
    }
    finish(result);
  };
  /**
   * What held when the current frame started rendering: checked in its rAF callback, before its
   * style, layout and paint. A state seen only in the message could have been set by a task that
   * ran between that frame's paint and the message, i.e. not painted yet.
   */
  const seen = { floor: false, loaded: false, any: false, label: false };
  const tick = () => {
    if (result.eventAt >= 0) {
      if (options.kind === 'floor') seen.floor = document.querySelector('#text p') !== null;
      else if (options.kind === 'open')
        seen.loaded = markAfter('triangulate:annotations-loaded', result.eventAt) !== null;
      else if (options.target) Object.assign(seen, rangeIn(options.target));
    }
    channel.port2.postMessage(null);
  };
  channel.port1.onmessage = () => {
    if (done) return;
    const now = performance.now();
    if (result.eventAt >= 0) {
      if (options.kind === 'floor') {
        if (seen.floor) {
          result.doneAt = now;
          return end(true);
        }
      } else if (options.kind === 'open') {
        // The reader makes this mark only inside a rAF callback, i.e. before the frame it is in
        // renders: seen here, that frame has been painted.
        if (result.doneAt === null && markAfter('triangulate:highlights-painted', result.eventAt) !== null) {
          result.doneAt = now;
          result.coverageAtDone = coverage();
        }
        if (result.doneAt !== null && seen.loaded) {
          result.loadedAt = now;
          result.coverageAtLoaded = coverage();
          return end(true);
        }
      } else if (options.target) {
        if (seen.any && result.firstAt === null) result.firstAt = now;
        if (seen.label) {
          result.doneAt = now;
          return end(true);
        }
      }
    }
    if (now - armedAt > options.timeoutMs) return end(false, `timed out after ${options.timeoutMs} ms`);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  current = { options, result, promise };
}

let gapFrame = 0;
let gapLast = 0;
let gapMax = 0;

window.__triBench = {
  arm,
  result: () => current?.promise ?? Promise.reject(new Error('not armed')),
  coverage,
  longTasks: (from, to) => ({
    tasks: longTasks.filter((t) => t.start + t.duration >= from && t.start <= to),
    frames: longFrames.filter((t) => t.start + t.duration >= from && t.start <= to),
  }),
  calls: (from) => calls.filter((c) => c.start >= from),
  now: () => performance.now(),
  readerWidth: () => readerParagraphs()?.clientWidth ?? 0,
  scrollReader(top) {
    const scroller = document.querySelector<HTMLElement>('.reader-scroller');
    if (!scroller) return Promise.reject(new Error('no reader'));
    scroller.scrollTop = top;
    return new Promise((resolve) =>
      requestAnimationFrame(() =>
        requestAnimationFrame(() =>
          setTimeout(() => resolve({ top: scroller.scrollTop, max: scroller.scrollHeight - scroller.clientHeight }), 0),
        ),
      ),
    );
  },
  frameGaps(run) {
    if (run) {
      gapMax = 0;
      gapLast = 0;
      const loop = (t: number) => {
        if (gapLast) gapMax = Math.max(gapMax, t - gapLast);
        gapLast = t;
        gapFrame = requestAnimationFrame(loop);
      };
      gapFrame = requestAnimationFrame(loop);
      return 0;
    }
    cancelAnimationFrame(gapFrame);
    return gapMax;
  },
  readerScrollTop: () => document.querySelector<HTMLElement>('.reader-scroller')?.scrollTop ?? 0,
  selectInReader(paragraph, start, end) {
    const root = readerParagraphs();
    const node = root?.children[paragraph]?.firstChild;
    if (!root || !node || node.nodeType !== Node.TEXT_NODE) return '';
    root.focus({ preventScroll: true });
    window.getSelection()?.setBaseAndExtent(node, start, node, end);
    return (node as Text).data.slice(start, end);
  },
  wordsOf(paragraph) {
    const text = readerParagraphs()?.children[paragraph]?.textContent ?? '';
    const out: Array<[number, number]> = [];
    const re = /[A-Za-z]+/g;
    for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
    return out;
  },
};
