/**
 * Which existing entities or claims the link box offers first for a text (the annotation's
 * quote, or what the person typed), before any "Create new": exact name or alias, then a name
 * inside the text or the text inside a name ("the Islamic State group" ↔ "Islamic State"), then
 * shared words ("Iraq runs the centre first" ↔ "The Baghdad centre is run by Iraq first"); ties
 * by how often each is mentioned. Matching ignores case, accents' composition (NFC), runs of
 * white space and a leading "the".
 */

export interface Nameable {
  /** The name first, then the aliases (a claim: its summary). */
  names: readonly string[];
  mentionCount: number;
}

/** A name or text in the form names are compared in. */
export function matchForm(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('en')
    .replace(/[\u2018\u2019\u201c\u201d"'’]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

const STOP = new Set([
  'the',
  'a',
  'an',
  'of',
  'in',
  'on',
  'and',
  'or',
  'to',
  'for',
  'by',
  'with',
  'is',
  'are',
  'was',
  'its',
]);

function words(text: string): Set<string> {
  return new Set(
    matchForm(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1 && !STOP.has(w)),
  );
}

/** True when `inner` occurs in `outer` as whole words. */
function containsWords(outer: string, inner: string): boolean {
  if (!inner) return false;
  let at = outer.indexOf(inner);
  while (at >= 0) {
    const before = at === 0 ? '' : (outer[at - 1] ?? '');
    const after = outer[at + inner.length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
    at = outer.indexOf(inner, at + 1);
  }
  return false;
}

/**
 * How well `names` match `text`: 0 exact, 1 one inside the other (whole words), 2 + the share of
 * the text's words it lacks (shared words), or null for no match at all.
 */
export function matchScore(names: readonly string[], text: string): number | null {
  const wanted = matchForm(text);
  if (!wanted) return null;
  const forms = names.map(matchForm).filter(Boolean);
  if (forms.includes(wanted)) return 0;
  if (forms.some((n) => containsWords(wanted, n) || containsWords(n, wanted))) return 1;
  const textWords = words(wanted);
  if (textWords.size === 0) return null;
  let best: number | null = null;
  for (const form of forms) {
    const nameWords = words(form);
    let shared = 0;
    for (const w of textWords) if (nameWords.has(w)) shared++;
    if (shared === 0) continue;
    const score = 2 + (1 - shared / textWords.size);
    if (best === null || score < best) best = score;
  }
  return best;
}

/**
 * The records to offer for `text`: those that match, best first; when `text` is blank, every
 * record by mentions. At most `limit`.
 */
export function rankForText<T extends Nameable>(records: readonly T[], text: string, limit: number): T[] {
  const byMentions = (a: T, b: T) => b.mentionCount - a.mentionCount;
  if (!matchForm(text)) return [...records].sort(byMentions).slice(0, limit);
  return records
    .map((record) => ({ record, score: matchScore(record.names, text) }))
    .filter((r): r is { record: T; score: number } => r.score !== null)
    .sort((a, b) => a.score - b.score || byMentions(a.record, b.record))
    .slice(0, limit)
    .map((r) => r.record);
}

/** True when one of the records is named exactly `text` (so "Create new" would make a twin). */
export function hasExactName(records: readonly Nameable[], text: string): boolean {
  const wanted = matchForm(text);
  return wanted !== '' && records.some((r) => r.names.some((n) => matchForm(n) === wanted));
}
