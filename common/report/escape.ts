/**
 * Escaping for the comparison report: every piece of workspace text (titles, quotes, names,
 * summaries) goes through {@link escapeHtml} before it becomes part of the HTML, in element
 * content and in attribute values alike, so nothing an analyst or an imported article wrote can
 * become markup.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` safe in HTML element content and in a quoted attribute value (also inside SVG). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** The {@link markup} template tag's marker for text that is already markup. */
export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

type Part = Markup | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Markup) return part.html;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  return escapeHtml(String(part));
}

/**
 * A template tag that escapes every interpolated value unless it is {@link Markup} (what another
 * `markup` call returned); arrays are joined; null, undefined and false are left out. (Not named
 * `html`: Prettier would reformat the templates as HTML, adding whitespace to the output.)
 */
export function markup(strings: TemplateStringsArray, ...values: Part[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}
