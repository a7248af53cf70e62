/**
 * How records are named in history summaries ("Tagged “…” as Claim"): one flattening and
 * shortening rule for every concept.
 */

/** `text` on one line, at most `max` characters (an ellipsis marks the cut). */
export function truncate(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
