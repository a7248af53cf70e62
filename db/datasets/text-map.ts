/**
 * Texts from other tools arrive as they were written (CRLF line ends, a byte-order mark, decomposed
 * accents), with offsets into that raw form, usually in Unicode code points. A workspace stores
 * the canonical text (`normalizeText`: no BOM, `\n` line ends, NFC) and UTF-16 offsets. This module
 * maps offsets from the raw text to the canonical one exactly, and refuses an offset that has no
 * image (one that falls inside a character that normalisation merges): it reports, never guesses.
 */
import { normalizeText, OffsetConverter } from '../../common/text.js';

export interface CanonicalText {
  /** The text as the file has it. */
  raw: string;
  /** Its canonical form, as the workspace stores it. */
  text: string;
  /** True when the raw text is already canonical (offsets map to themselves). */
  identity: boolean;
  /** Canonical UTF-16 offset of a raw UTF-16 offset, or -1 when it has none. */
  toCanonical(offset: number): number;
}

/** Builds the canonical text of `raw` with an exact offset map. */
export function canonicalize(raw: string): CanonicalText {
  const text = normalizeText(raw);
  if (text === raw) return { raw, text, identity: true, toCanonical: (offset) => offset };

  // Step 1: line ends and byte-order mark. map1[i] = output offset of raw offset i.
  const map1 = new Int32Array(raw.length + 1);
  let step1 = '';
  const parts: string[] = [];
  let out = 0;
  let runStart = 0;
  const flush = (end: number) => {
    if (end > runStart) parts.push(raw.slice(runStart, end));
  };
  for (let i = 0; i < raw.length; i++) {
    map1[i] = out;
    const c = raw.charCodeAt(i);
    if (i === 0 && c === 0xfeff) {
      flush(i);
      runStart = i + 1;
      continue;
    }
    if (c === 0x0d) {
      flush(i);
      runStart = i + 1;
      if (raw.charCodeAt(i + 1) !== 0x0a) {
        parts.push('\n');
        out++;
      }
      continue;
    }
    out++;
  }
  flush(raw.length);
  map1[raw.length] = out;
  step1 = parts.join('');

  // Step 2: NFC, piece by piece (a base character with its combining marks), which is exact as
  // long as composition never reaches across pieces; checked against the whole-text result.
  let map2: ((offset: number) => number) | null = null;
  if (step1 !== text) {
    const pieces = step1.match(/\P{M}\p{M}*|\p{M}+/gsu) ?? [];
    const starts = new Int32Array(pieces.length + 1);
    const outStarts = new Int32Array(pieces.length + 1);
    const changed = new Uint8Array(pieces.length);
    const normalized: string[] = [];
    let a = 0;
    let b = 0;
    pieces.forEach((piece, k) => {
      const n = piece.normalize('NFC');
      starts[k] = a;
      outStarts[k] = b;
      changed[k] = n === piece ? 0 : 1;
      normalized.push(n);
      a += piece.length;
      b += n.length;
    });
    starts[pieces.length] = a;
    outStarts[pieces.length] = b;
    if (normalized.join('') !== text) {
      throw new Error('text normalisation could not be mapped piece by piece');
    }
    map2 = (offset) => {
      let lo = 0;
      let hi = pieces.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if ((starts[mid] as number) <= offset) lo = mid;
        else hi = mid - 1;
      }
      const base = starts[lo] as number;
      if (offset === base) return outStarts[lo] as number;
      if (lo < pieces.length && changed[lo]) return -1;
      return (outStarts[lo] as number) + (offset - base);
    };
  }
  const second = map2;
  return {
    raw,
    text,
    identity: false,
    toCanonical: (offset) => {
      if (offset < 0 || offset > raw.length) return -1;
      const first = map1[offset] as number;
      return second ? second(first) : first;
    },
  };
}

/** Code-point offsets of a raw text → UTF-16 offsets, with range checks. */
export class CodePoints {
  readonly converter: OffsetConverter;

  constructor(readonly raw: string) {
    this.converter = new OffsetConverter(raw);
  }

  get length(): number {
    return this.converter.codePointLength;
  }

  /** UTF-16 offset of a code-point offset, or -1 when outside the text. */
  toUtf16(codePoint: number): number {
    if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > this.converter.codePointLength) return -1;
    return this.converter.toUtf16(codePoint);
  }

  /** The text between two code-point offsets (both valid). */
  slice(start: number, end: number): string {
    return this.raw.slice(this.toUtf16(start), this.toUtf16(end));
  }
}
