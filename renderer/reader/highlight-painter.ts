/**
 * Paints the annotations of the open document with the CSS Custom Highlight API: one `Highlight`
 * per label and status (plus hover, candidate and selected), filled with `StaticRange`s computed
 * from text offsets. No DOM node, mark or decoration per annotation.
 *
 * Chromium revalidates every registered range whenever any highlight changes, so the cost of a
 * change grows with the number of ranges registered. The painter therefore registers only the
 * annotations near the viewport (the visible paragraphs plus about one screen above and below,
 * found through the interval index) and moves that window as the person scrolls; a new tag, a
 * hover or a selection then costs a few hundred ranges, not fifty thousand.
 */
import type { EditorView } from 'prosemirror-view';
import type { Annotation, Fragment, Label } from '../../common/domain.js';
import type { DocumentSession, SessionChange } from '../session/document-session.js';
import { highlightCss, highlightName, LANES, SPECIAL_HIGHLIGHTS, type LabelStyle } from './highlight-styles.js';
import type { ParagraphMap } from './paragraph-map.js';

type SpecialKind = keyof typeof SPECIAL_HIGHLIGHTS;

/** The one stylesheet holding the `::highlight()` rules, shared by every reader of the page. */
let sheet: CSSStyleSheet | null = null;
let sheetText = '';
/** Each label's slot (its highlights' names), stable for the page's lifetime. */
const slots = new Map<string, number>();

/**
 * The page's highlights, by name, shared by every reader on it (the Read view and the columns of
 * the side-by-side view): `CSS.highlights` has one entry per name, so two painters each setting
 * their own `Highlight` under a name would unpaint each other. Each painter adds and removes only
 * its own ranges (they are in its own text) and the last one to leave deletes the entry.
 */
const shared = new Map<string, { highlight: Highlight; users: number }>();

function acquireHighlight(name: string, priority: number): Highlight {
  let entry = shared.get(name);
  if (!entry) {
    const highlight = new Highlight();
    highlight.priority = priority;
    entry = { highlight, users: 0 };
    shared.set(name, entry);
    CSS.highlights.set(name, highlight);
  }
  entry.users++;
  return entry.highlight;
}

function releaseHighlight(name: string): void {
  const entry = shared.get(name);
  if (!entry || --entry.users > 0) return;
  shared.delete(name);
  CSS.highlights.delete(name);
}

/** Writes the highlight rules for a tagset; a no-op when they did not change (no restyle). */
function writeHighlightRules(labels: readonly Label[]): void {
  const styles: LabelStyle[] = labels.map((label) => {
    let slot = slots.get(label.id);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(label.id, slot);
    }
    return { slot, color: label.color, kind: label.kind };
  });
  const text = highlightCss(styles);
  if (text === sheetText) return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  sheet.replaceSync(text);
  sheetText = text;
}

/** requestIdleCallback where there is one (with a deadline, so it runs even on a busy page). */
function requestIdle(callback: () => void): number {
  if (typeof requestIdleCallback === 'function') return requestIdleCallback(callback, { timeout: 150 });
  return window.setTimeout(callback, 16);
}

function cancelIdle(handle: number): void {
  if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle);
  else clearTimeout(handle);
}

/** Whether this browser can paint highlights at all. */
export function highlightsSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

interface Registered {
  name: string;
  ranges: StaticRange[];
}

export class HighlightPainter {
  private readonly highlights = new Map<string, Highlight>();
  private labels = new Map<string, Label>();
  private readonly registered = new Map<string, Registered>();
  private readonly special: Record<SpecialKind, string[]> = { hover: [], candidate: [], selected: [], focus: [] };
  /** The ranges this painter put in each special highlight (the highlight is shared). */
  private readonly specialRanges: Record<SpecialKind, StaticRange[]> = {
    hover: [],
    candidate: [],
    selected: [],
    focus: [],
  };
  /** Registered window, in paragraph indexes (inclusive); -1 when none. */
  private windowFirst = -1;
  private windowLast = -1;
  private frame = 0;
  private readonly offSession: () => void;
  private readonly onScroll = () => this.scheduleRefresh();
  private readonly resizeObserver: ResizeObserver;
  private readonly supported = highlightsSupported();

  constructor(
    private readonly view: EditorView,
    private readonly map: ParagraphMap,
    private readonly scroller: HTMLElement,
    private readonly session: DocumentSession,
  ) {
    this.offSession = session.subscribe((change) => this.onSessionChange(change));
    document.addEventListener('scroll', this.onScroll, { capture: true, passive: true });
    window.addEventListener('resize', this.onScroll, { passive: true });
    this.resizeObserver = new ResizeObserver(() => this.scheduleRefresh(true));
    this.resizeObserver.observe(scroller);
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    if (this.marginsHandle) cancelIdle(this.marginsHandle);
    this.offSession();
    document.removeEventListener('scroll', this.onScroll, { capture: true });
    window.removeEventListener('resize', this.onScroll);
    this.resizeObserver.disconnect();
    if (this.supported) {
      this.unregisterAll();
      for (const name of this.highlights.keys()) releaseHighlight(name);
    }
    this.highlights.clear();
    this.registered.clear();
  }

  /** The tagset: assigns each label its highlights and writes their rules. */
  setLabels(labels: readonly Label[]): void {
    const before = this.labels;
    this.labels = new Map(labels.map((l) => [l.id, l]));
    if (!this.supported) return;
    writeHighlightRules(labels);
    // Only a change of label kinds moves annotations between highlights; colours are in the rules.
    const same =
      before.size === this.labels.size && [...this.labels.values()].every((l) => before.get(l.id)?.kind === l.kind);
    if (!same || this.registered.size === 0) this.repaintAll();
  }

  /** Sets the annotations shown as hovered, pick candidate or selected (all their fragments). */
  setSpecial(kind: SpecialKind, ids: readonly string[]): void {
    const current = this.special[kind];
    if (current.length === ids.length && current.every((id, i) => id === ids[i])) return;
    this.special[kind] = [...ids];
    this.paintSpecial(kind);
  }

  /** Re-registers everything (after the DOM of the text was redrawn). */
  repaintAll(): void {
    if (!this.supported) return;
    this.unregisterAll();
    this.windowFirst = this.windowLast = -1;
    this.refreshWindow(true);
    for (const kind of Object.keys(this.special) as SpecialKind[]) this.paintSpecial(kind);
  }

  /** DOM ranges of a list of fragments (the parts the reader shows). */
  rangesFor(fragments: readonly Fragment[]): StaticRange[] {
    const out: StaticRange[] = [];
    for (const f of fragments) {
      const span = this.map.visibleSpan(f.start, f.end);
      if (!span) continue;
      const start = this.domPoint(span.from.index, span.from.local);
      const end = this.domPoint(span.to.index, span.to.local);
      if (!start || !end) continue;
      out.push(
        new StaticRange({
          startContainer: start.node,
          startOffset: start.offset,
          endContainer: end.node,
          endOffset: end.offset,
        }),
      );
    }
    return out;
  }

  /** The element of paragraph `index`. */
  paragraphElement(index: number): HTMLElement | null {
    return (this.view.dom.children[index] as HTMLElement | undefined) ?? null;
  }

  /** Paragraphs intersecting the visible part of the scroller, inclusive; null when none shows. */
  visibleParagraphs(): { first: number; last: number } | null {
    const count = this.map.count;
    if (count === 0 || !this.view.dom.isConnected) return null;
    const box = this.scroller.getBoundingClientRect();
    const top = Math.max(box.top, 0);
    const bottom = Math.min(box.bottom, window.innerHeight);
    if (bottom <= top) return null;
    const rectOf = (i: number) => this.paragraphElement(i)?.getBoundingClientRect();
    // First paragraph whose bottom is below the visible top.
    let lo = 0;
    let hi = count - 1;
    let first = count;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = rectOf(mid);
      if (r && r.bottom >= top) {
        first = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    // Last paragraph whose top is above the visible bottom.
    lo = 0;
    hi = count - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = rectOf(mid);
      if (r && r.top <= bottom) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (first > last) return null;
    return { first, last };
  }

  /**
   * Moves the registered window if the visible part left it (or always, with `force`). What is
   * in view is registered at once; the margins and the clean-up follow in idle time, in slices,
   * so that a jump across a dense document never blocks a frame for long.
   */
  refreshWindow(force = false): void {
    if (!this.supported || this.session.status !== 'ready') return;
    const visible = this.visibleParagraphs() ?? { first: 0, last: Math.min(this.map.count - 1, 40) };
    if (!force && this.windowFirst >= 0 && visible.first >= this.windowFirst && visible.last <= this.windowLast) return;
    const span = visible.last - visible.first + 1;
    const first = Math.max(0, visible.first - span - 2);
    const last = Math.min(this.map.count - 1, visible.last + span + 2);
    this.windowFirst = first;
    this.windowLast = last;
    const visibleFrom = (this.map.paragraphs[visible.first] as { start: number }).start;
    const visibleTo = (this.map.paragraphs[visible.last] as { end: number }).end;
    for (const id of this.session.index.overlapping(visibleFrom, Math.max(visibleTo, visibleFrom + 1))) {
      if (!this.registered.has(id)) this.register(id);
    }
    this.scheduleMargins();
  }

  private marginsHandle = 0;

  /** Registers the rest of the window and drops what left it, a few milliseconds at a time. */
  private scheduleMargins(): void {
    if (this.marginsHandle) cancelIdle(this.marginsHandle);
    this.marginsHandle = requestIdle(() => {
      this.marginsHandle = 0;
      if (this.windowFirst < 0) return;
      const from = (this.map.paragraphs[this.windowFirst] as { start: number }).start;
      const to = (this.map.paragraphs[this.windowLast] as { end: number }).end;
      const wanted = new Set(this.session.index.overlapping(from, Math.max(to, from + 1)));
      const work: Array<() => void> = [];
      for (const id of this.registered.keys()) if (!wanted.has(id)) work.push(() => this.unregister(id));
      for (const id of wanted) if (!this.registered.has(id)) work.push(() => this.register(id));
      const step = () => {
        const until = performance.now() + 6;
        while (work.length && performance.now() < until) (work.shift() as () => void)();
        if (work.length) this.marginsHandle = requestIdle(step);
        else this.marginsHandle = 0;
      };
      step();
    });
  }

  // -------------------------------------------------------------------------------------------

  private scheduleRefresh(force = false): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.refreshWindow(force);
    });
  }

  private onSessionChange(change: SessionChange): void {
    if (!this.supported) return;
    switch (change.type) {
      case 'reset':
        this.repaintAll();
        break;
      case 'document':
        break;
      case 'upsert':
        for (const id of change.ids) {
          this.unregister(id);
          if (this.inWindow(id)) this.register(id);
        }
        this.repaintSpecialsTouching(change.ids);
        break;
      case 'delete':
        for (const id of change.ids) this.unregister(id);
        this.repaintSpecialsTouching(change.ids);
        break;
    }
  }

  private repaintSpecialsTouching(ids: readonly string[]): void {
    for (const kind of Object.keys(this.special) as SpecialKind[]) {
      if (this.special[kind].some((id) => ids.includes(id))) this.paintSpecial(kind);
    }
  }

  private inWindow(id: string): boolean {
    if (this.windowFirst < 0) return false;
    const fragments = this.session.index.fragmentsOf(id);
    if (!fragments) return false;
    const from = (this.map.paragraphs[this.windowFirst] as { start: number }).start;
    const to = (this.map.paragraphs[this.windowLast] as { end: number }).end;
    return fragments.some((f) => f.start <= to && f.end >= from);
  }

  private highlight(name: string, priority: number): Highlight {
    let h = this.highlights.get(name);
    if (!h) {
      h = acquireHighlight(name, priority);
      this.highlights.set(name, h);
    }
    return h;
  }

  /** Takes this painter's ranges out of every highlight (other readers' ranges stay). */
  private unregisterAll(): void {
    for (const id of [...this.registered.keys()]) this.unregister(id);
    for (const kind of Object.keys(this.specialRanges) as SpecialKind[]) {
      const h = this.highlights.get(SPECIAL_HIGHLIGHTS[kind].name);
      if (h) for (const r of this.specialRanges[kind]) h.delete(r);
      this.specialRanges[kind] = [];
    }
  }

  private register(id: string): void {
    const annotation = this.session.get(id);
    if (!annotation) return;
    const label = this.labels.get(annotation.labelId);
    const slot = slots.get(annotation.labelId);
    if (!label || slot === undefined) return;
    const name = highlightName(slot, annotation.status);
    const ranges = this.rangesFor(annotation.fragments);
    const h = this.highlight(name, LANES[label.kind].priority);
    for (const r of ranges) h.add(r);
    this.registered.set(id, { name, ranges });
  }

  private unregister(id: string): void {
    const entry = this.registered.get(id);
    if (!entry) return;
    const h = this.highlights.get(entry.name);
    if (h) for (const r of entry.ranges) h.delete(r);
    this.registered.delete(id);
  }

  private paintSpecial(kind: SpecialKind): void {
    if (!this.supported) return;
    const { name, priority } = SPECIAL_HIGHLIGHTS[kind];
    const h = this.highlight(name, priority);
    for (const r of this.specialRanges[kind]) h.delete(r);
    const ranges: StaticRange[] = [];
    for (const id of this.special[kind]) {
      const annotation: Annotation | undefined = this.session.get(id);
      if (annotation) ranges.push(...this.rangesFor(annotation.fragments));
    }
    for (const r of ranges) h.add(r);
    this.specialRanges[kind] = ranges;
  }

  /** The DOM point of a local offset in paragraph `index` (its text node). */
  private domPoint(index: number, local: number): { node: Node; offset: number } | null {
    const p = this.paragraphElement(index);
    if (!p) return null;
    const text = p.firstChild;
    if (text && text.nodeType === Node.TEXT_NODE && text === p.lastChild) {
      return { node: text, offset: Math.min(local, (text as Text).length) };
    }
    // Anything unusual (an empty paragraph, a split text node): ask ProseMirror.
    const found = this.view.domAtPos(this.map.contentStart(index) + local);
    return { node: found.node, offset: found.offset };
  }
}
