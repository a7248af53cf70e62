/**
 * What brat export and import share: the knowledge-base names under which `N` lines carry
 * Triangulate's entity and claim links, the comment type of relation attributes, the side file
 * that keeps what brat has no place for, the single-token form of attribute values, the escaping
 * of AnnotatorNotes texts, the cut of a span at line breaks, and the text brat shows for a span.
 * The layout itself is described in brat-export.ts.
 */
import type { Fragment } from '../../../common/domain.js';

/** The `N` line database of a link to a Triangulate entity: `triangulate-entity:ID`. */
export const ENTITY_DB = 'triangulate-entity';
/** The `N` line database of a link to a Triangulate claim: `triangulate-claim:ID`. */
export const CLAIM_DB = 'triangulate-claim';
/**
 * The comment type prefix of a relation attribute (brat has attributes on text-bound annotations
 * and events only): `#4⇥tri:stance R1⇥denied`.
 */
export const ATTRIBUTE_NOTE = 'tri:';
/** The side file of a Triangulate brat folder (one JSON record per document). */
export const SIDE_FILE = 'triangulate.jsonl';

/** An attribute value as a brat token: trimmed, white space as `_`, `_` when empty. */
export function valueToken(value: string): string {
  return value.trim().replace(/\s+/g, '_') || '_';
}

/** An AnnotatorNotes text on one line: backslashes, line feeds, tabs and carriage returns escaped. */
export function escapeNote(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

/** The note text {@link escapeNote} escaped. */
export function unescapeNote(text: string): string {
  return text.replace(/\\([\\ntr])/g, (_, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : '\\',
  );
}

/**
 * The text brat shows for a text-bound annotation: its fragments' texts joined by a space (brat's
 * convention, unlike an annotation's quote, which joins them with `FRAGMENT_SEPARATOR`).
 */
export function bratText(text: string, fragments: readonly Fragment[]): string {
  return fragments.map((f) => text.slice(f.start, f.end)).join(' ');
}

/**
 * Fragments with every line break (LF or CR) cut out: brat cannot show a span across lines. The
 * export writes these in the `.ann` and keeps the exact fragments in the side file when they
 * differ; a span of nothing but line breaks is left whole.
 */
export function splitAtLineBreaks(text: string, fragments: readonly Fragment[]): Fragment[] {
  const out: Fragment[] = [];
  for (const f of fragments) {
    let start = f.start;
    for (let i = f.start; i <= f.end; i++) {
      const c = text.charCodeAt(i);
      if (i === f.end || c === 0x0a || c === 0x0d) {
        if (i > start) out.push({ start, end: i });
        start = i + 1;
      }
    }
  }
  return out.length > 0 ? out : [...fragments];
}
