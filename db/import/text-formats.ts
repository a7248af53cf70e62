/**
 * Turning a user's file into a document's canonical text: plain text kept as it is, Markdown
 * reduced to the text a reader sees (links, emphasis, escapes and heading markers dropped),
 * HTML reduced to readable article text (scripts, styles and markup dropped). Every result is
 * normalised (NFC, `\n` line endings). Pure functions: no file system here.
 */
import { ApiError } from '../../common/errors.js';
import { hasLoneSurrogate, loneSurrogateAt, normalizeText } from '../../common/text.js';

export type TextFormat = 'plain' | 'markdown' | 'html';

export interface ConvertedText {
  text: string;
  /** A title found in the file itself (HTML <title>/<h1>, Markdown heading), if any. */
  title: string | null;
  format: TextFormat;
}

const SUPPORTED = ['.txt', '.text', '.md', '.markdown', '.html', '.htm'];

/**
 * Decodes bytes as strict UTF-8, refusing empty, binary and non-UTF-8 files with a message that
 * names the file.
 */
export function decodeUtf8(name: string, bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ApiError('invalid_file', `${name} is empty.`, { file: name });
  const probe = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (probe.includes(0)) {
    throw new ApiError('invalid_file', `${name} looks like a binary file, not text.`, { file: name });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('invalid_file', `${name} is not valid UTF-8 text. Save it as UTF-8 and import it again.`, {
      file: name,
    });
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

/** Markdown-flavoured plain text: links `[x](…)`, escaped punctuation `\_`, or `#` headings. */
function looksLikeMarkdown(text: string): boolean {
  return /\[[^\]\n]+\]\([^)\n]*\)/.test(text) || /\\[_*[\]#`]/.test(text) || /^#{1,6} \S/m.test(text);
}

/** Which converter a file takes, by extension (and, for .txt, by whether it is Markdown-flavoured). */
export function detectFormat(name: string, text: string): TextFormat {
  const ext = extensionOf(name);
  if (!SUPPORTED.includes(ext)) {
    throw new ApiError(
      'invalid_file',
      `${name}: unsupported file type${ext ? ` "${ext}"` : ''}. Triangulate imports .txt, .md and .html files.`,
      { file: name },
    );
  }
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  return looksLikeMarkdown(text) ? 'markdown' : 'plain';
}

/**
 * The converters' version, recorded in each imported document's metadata (`converterVersion`,
 * beside `format`). Bump it whenever a converter's output for the same file changes; the import
 * then still recognises a file imported before by its bytes (`sourceHash`), see
 * db/import/documents.ts.
 */
export const CONVERTER_VERSION = 1;

/** Converts decoded file content to canonical text. Refuses a file with no text left. */
export function convertText(name: string, raw: string, format = detectFormat(name, raw)): ConvertedText {
  if (hasLoneSurrogate(raw)) {
    throw new ApiError(
      'invalid_file',
      `${name}: the text holds an unpaired UTF-16 surrogate at character ${loneSurrogateAt(raw)}, which is not text.`,
      { file: name },
    );
  }
  const normalized = normalizeText(raw);
  const converted =
    format === 'html'
      ? htmlToText(normalized)
      : format === 'markdown'
        ? markdownToText(normalized)
        : { text: trimBlankLines(normalized), title: null };
  const text = normalizeText(converted.text);
  if (!/\S/.test(text)) {
    throw new ApiError('invalid_file', `${name} holds no text to annotate.`, { file: name });
  }
  return { text, title: converted.title, format };
}

/** Drops blank lines at the start and end; keeps every other character. */
function trimBlankLines(text: string): string {
  return text
    .replace(/^(?:[ \t]*\n)+/, '')
    .replace(/(?:\n[ \t]*)+$/, '')
    .replace(/[ \t]+$/, '');
}

// ---------------------------------------------------------------------------------------------
// Markdown

const ESCAPABLE = /\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g;

function markdownInline(line: string): string {
  return (
    line
      // images and links: keep the visible text
      .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
      .replace(/\[([^\]\n]+)\]\([^)\n]*\)/g, '$1')
      // autolinks: keep the address
      .replace(/<((?:https?|mailto|ftp):[^>\s]+)>/g, '$1')
      // emphasis: strong then em; markers must hug the text, so a lone '*' stays
      .replace(/(\*\*\*|___)(?=\S)([^\n]*?\S)\1/g, '$2')
      .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
      .replace(/(^|[^\w*\\])\*(?=[^\s*])([^*\n]*?[^\s*\\])\*(?![\w*])/g, '$1$2')
      .replace(/(^|[^\w\\])_(?=[^\s_])([^_\n]*?[^\s_\\])_(?!\w)/g, '$1$2')
      .replace(/`([^`\n]+)`/g, '$1')
      .replace(ESCAPABLE, '$1')
  );
}

export function markdownToText(markdown: string): { text: string; title: string | null } {
  let title: string | null = null;
  const lines = markdown.split('\n').map((line) => {
    if (/^ {0,3}(?:[-*_][ \t]*){3,}$/.test(line)) return '';
    let body = line.replace(/[ \t]+$/, '');
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?$/.exec(body);
    if (heading) body = heading[1] ?? '';
    body = body.replace(/^ {0,3}>[ \t]?/, '');
    const text = markdownInline(body);
    if (heading && title === null && text.trim()) title = text.trim();
    return text;
  });
  return { text: trimBlankLines(lines.join('\n')), title };
}

// ---------------------------------------------------------------------------------------------
// HTML

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  euro: '€',
  pound: '£',
  middot: '·',
  bull: '•',
  shy: '\u00ad',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  aacute: 'á',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
  ccedil: 'ç',
  szlig: 'ß',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        return '\ufffd';
      }
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'canvas', 'head'];
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
  'title',
  'body',
  'html',
]);

function stripTags(html: string): string {
  let out = html;
  for (const tag of DROPPED_ELEMENTS) {
    out = out.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?</${tag}\\s*>`, 'gi'), ' ');
  }
  out = out
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ')
    .replace(/<![^>]*>/g, '');
  // Block boundaries become line breaks; inline tags vanish.
  out = out.replace(/<\/?([a-z][a-z0-9-]*)\b[^>]*>/gi, (_tag, name: string) =>
    BLOCK_ELEMENTS.has(name.toLowerCase()) ? '\n' : '',
  );
  return out;
}

export function htmlToText(html: string): { text: string; title: string | null } {
  const titleMatch = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html) ?? /<h1\b[^>]*>([\s\S]*?)<\/h1\s*>/i.exec(html);
  const title = titleMatch ? collapse(decodeEntities(stripTags(titleMatch[1] ?? ''))) || null : null;
  // Prefer the article body when the page marks one.
  const article =
    /<article\b[^>]*>([\s\S]*)<\/article\s*>/i.exec(html) ?? /<main\b[^>]*>([\s\S]*)<\/main\s*>/i.exec(html);
  const body = article ? (article[1] ?? '') : html;
  const pre = (body.match(/<pre\b/gi) ?? []).length > 0;
  const text = decodeEntities(stripTags(body));
  const lines = text
    .split('\n')
    .map((line) => (pre ? line.replace(/[ \t]+$/, '') : collapse(line)))
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''));
  return { text: trimBlankLines(lines.join('\n')), title };
}

function collapse(line: string): string {
  return line.replace(/[ \t\u00a0]+/g, ' ').trim();
}
