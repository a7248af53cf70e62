/**
 * The renderer benchmark's corpus: one long synthetic article (about 1.1 MB, 4,000 paragraphs
 * after its title line) and deterministic annotation sets on it, 80% side by side and 20%
 * overlapping or nested in another one, over several labels. Pure: no workspace, no browser.
 */
import type { Paragraph } from '../../common/domain.js';
import { rng } from '../harness.js';

const WORDS =
  'the of and to in a is that for on said with as by from at government army forces coalition Baghdad Moscow Iraq Syria Iran Russia information center agreement source officials militants Daesh ISIS spokesman ministry report statement operations intelligence committee cooperation war terrorism region countries military base Latakia airstrikes according spokesperson announced negotiations delegation ceasefire humanitarian reconstruction parliament province'.split(
    ' ',
  );

/** The body of the long article: `paragraphs` paragraphs of 16 to 56 words, blank-line separated. */
export function syntheticBody(paragraphs: number, seed = 7): string {
  const random = rng(seed);
  const out: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const words: string[] = [];
    const length = 16 + Math.floor(random() * 41);
    for (let w = 0; w < length; w++) words.push(WORDS[Math.floor(random() * WORDS.length)] as string);
    const first = words[0] as string;
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
    out.push(words.join(' ') + '.');
  }
  return out.join('\n\n');
}

/** One synthetic annotation: a single fragment inside one paragraph. */
export interface SyntheticSpan {
  start: number;
  end: number;
  labelId: string;
  status: 'accepted' | 'proposed' | 'rejected';
  /** Index of its paragraph in `document.paragraphs` (what the reader shows as one `<p>`). */
  paragraph: number;
}

const SIDE_BY_SIDE_LABELS = ['person', 'organization', 'country', 'place', 'armed-group', 'media-outlet', 'source'];
const CROSSING_LABELS = ['source', 'organization', 'country', 'person', 'place'];

interface Word {
  start: number;
  end: number;
}

function wordsOf(text: string, paragraph: Paragraph): Word[] {
  const out: Word[] = [];
  const re = /[A-Za-z]+/g;
  const slice = text.slice(paragraph.start, paragraph.end);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    out.push({ start: paragraph.start + m.index, end: paragraph.start + m.index + m[0].length });
  }
  return out;
}

/**
 * `count` annotations on the body paragraphs (`firstBody` onwards). 80% are spread evenly, side
 * by side (1 to 3 words each, entity and source labels); the other 20% each overlap one of those,
 * within its share of the paragraph where there is room: a claim around it (nesting it), a span
 * crossing one of its edges, or one word inside it.
 */
export function syntheticAnnotations(
  text: string,
  paragraphs: readonly Paragraph[],
  count: number,
  firstBody: number,
  seed: number,
): SyntheticSpan[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const status = (): SyntheticSpan['status'] => {
    const r = random();
    return r < 0.9 ? 'accepted' : r < 0.97 ? 'proposed' : 'rejected';
  };
  const body = paragraphs.length - firstBody;
  const sideBySide = count - Math.round(count * 0.2);
  const perParagraph = new Array<number>(paragraphs.length).fill(0);
  for (let j = 0; j < sideBySide; j++) {
    const p = firstBody + Math.floor((j * body) / sideBySide);
    perParagraph[p] = (perParagraph[p] as number) + 1;
  }
  const spans: SyntheticSpan[] = [];
  /** The side-by-side spans as word ranges in their slot, for the overlapping ones to build on. */
  const bases: Array<{
    paragraph: number;
    words: Word[];
    from: number;
    to: number;
    slotFrom: number;
    slotLast: number;
  }> = [];
  for (let p = firstBody; p < paragraphs.length; p++) {
    const k = perParagraph[p] as number;
    if (k === 0) continue;
    const words = wordsOf(text, paragraphs[p] as Paragraph);
    const w = words.length;
    if (k > w) throw new Error(`paragraph ${p} has ${w} words for ${k} annotations`);
    for (let s = 0; s < k; s++) {
      const slotFrom = Math.floor((s * w) / k);
      const slotTo = Math.floor(((s + 1) * w) / k); // exclusive
      const slot = slotTo - slotFrom;
      const length = 1 + Math.floor(random() * Math.min(3, slot));
      const from = slotFrom + Math.floor(random() * (slot - length + 1));
      const to = from + length - 1;
      bases.push({ paragraph: p, words, from, to, slotFrom, slotLast: slotTo - 1 });
      spans.push({
        start: (words[from] as Word).start,
        end: (words[to] as Word).end,
        labelId: pick(SIDE_BY_SIDE_LABELS),
        status: status(),
        paragraph: p,
      });
    }
  }
  for (let j = sideBySide; j < count; j++) {
    const base = pick(bases);
    // Stay in the base's slot where there is room, so that each of these overlaps one span only.
    const low = base.from > base.slotFrom ? base.slotFrom : Math.max(0, base.from - 1);
    const high = base.to < base.slotLast ? base.slotLast : Math.min(base.words.length - 1, base.to + 1);
    let from: number;
    let to: number;
    let labelId: string;
    const mode = random();
    if (mode < 0.34 && base.to > base.from) {
      // One word inside a longer span.
      from = to = base.from + Math.floor(random() * (base.to - base.from + 1));
      labelId = pick(CROSSING_LABELS);
    } else if (mode < 0.67 && (base.to < high || base.from > low)) {
      // Crossing one edge: starts inside and ends after it, or starts before and ends inside.
      const inside = base.from + Math.floor(random() * (base.to - base.from + 1));
      if (base.to < high) {
        from = inside;
        to = base.to + 1 + Math.floor(random() * (high - base.to));
      } else {
        from = base.from - 1 - Math.floor(random() * (base.from - low));
        to = inside;
      }
      labelId = pick(CROSSING_LABELS);
    } else {
      // A claim around it.
      from = base.from - Math.floor(random() * (base.from - low + 1));
      to = base.to + Math.floor(random() * (high - base.to + 1));
      if (from === base.from && to === base.to) {
        if (base.from > low) from = low;
        else to = high;
      }
      labelId = 'claim';
    }
    spans.push({
      start: (base.words[from] as Word).start,
      end: (base.words[to] as Word).end,
      labelId,
      status: status(),
      paragraph: base.paragraph,
    });
  }
  return spans;
}

/** Number of annotations per paragraph, as prefix sums: `sums[i]` = annotations in paragraphs < i. */
export function paragraphPrefixSums(spans: readonly SyntheticSpan[], paragraphCount: number): Int32Array {
  const counts = new Int32Array(paragraphCount + 1);
  for (const s of spans) counts[s.paragraph + 1] = (counts[s.paragraph + 1] as number) + 1;
  for (let i = 1; i <= paragraphCount; i++) counts[i] = (counts[i] as number) + (counts[i - 1] as number);
  return counts;
}

/** Share of the spans that start inside an earlier one (nested in it or crossing its end). */
export function overlapShare(spans: readonly SyntheticSpan[]): number {
  if (spans.length === 0) return 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let inside = 0;
  let maxEnd = -1;
  for (const s of sorted) {
    if (s.start < maxEnd) inside++;
    maxEnd = Math.max(maxEnd, s.end);
  }
  return inside / spans.length;
}
