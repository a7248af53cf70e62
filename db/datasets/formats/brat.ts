/**
 * brat standoff: a folder with `ID.txt` + `ID.ann` per document, `annotation.conf` and
 * `visual.conf` (the tagset, with display names and colours), `manifest.json`, and
 * `triangulate.jsonl` (what brat has no place for: annotation and relation ids, authors and
 * timestamps, relations between documents). Offsets are Unicode code points, so each `T` line's
 * text equals the `.txt` sliced there (fragments joined by a space, as brat does).
 *
 * Lines: `T` (text-bound; a fragment that crosses a line break is cut there, as brat's own
 * editor does, and the exact fragments are kept in `triangulate.jsonl`), `R` (relations within
 * the document), `A` (attributes; `status` when not accepted), `N` (links:
 * `triangulate-entity:ID` / `triangulate-claim:ID`), `#` (AnnotatorNotes: the annotation's or
 * relation's note, with `\\`, `\n` and `\t` escaped).
 *
 * Import reads Triangulate's folders (restoring everything) and other brat collections: `T`, `R`,
 * `E` (an event becomes relations from its trigger to each argument, typed by role), `A`/`M`,
 * `N` (a link to an entity with that external id), `#` and `*` (equivalence sets as relations).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Fragment } from '../../../common/domain.js';
import { RELATION_TYPES } from '../../../common/domain.js';
import type { ImportSink } from '../importer.js';
import { checkJsonDepth, lineOffsets, readLines, readSlice, readText } from '../input.js';
import {
  GENERATOR_NAME,
  MANIFEST_KIND,
  excerpt,
  invalidFile,
  relationTypeOf,
  type Manifest,
  type ManifestLabel,
  type Where,
} from '../model.js';
import type { OutputFile } from '../output.js';
import { APP_VERSION } from '../../workspace.js';
import {
  applyManifest,
  canonicalFragments,
  checkQuote,
  closeInto,
  codePointFragment,
  decodeFragments,
  documentMeta,
  expectObject,
  sortedAttributes,
  sourceDocument,
  type ExportContext,
  type FormatExporter,
} from './common.js';

const ENTITY_DB = 'triangulate-entity';
const CLAIM_DB = 'triangulate-claim';
const SIDE_FILE = 'triangulate.jsonl';

const OUR_FILES = /^(?:[\w.-]+\.(?:txt|ann)|annotation\.conf|visual\.conf|manifest\.json|triangulate\.jsonl)$/;

/**
 * True when `dir` holds an earlier brat export of Triangulate and nothing else (an export may
 * then replace it: no file of the person's is lost).
 */
export function bratIsOurs(dir: string): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      kind?: unknown;
      format?: unknown;
    };
    if (manifest.kind !== MANIFEST_KIND || manifest.format !== 'brat') return false;
    return fs.readdirSync(dir, { withFileTypes: true }).every((entry) => entry.isFile() && OUR_FILES.test(entry.name));
  } catch {
    return false;
  }
}

/** brat attribute values and note texts are single tokens / single lines. */
function valueToken(value: string): string {
  return value.trim().replace(/\s+/g, '_') || '_';
}

function escapeNote(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

function unescapeNote(text: string): string {
  return text.replace(/\\([\\ntr])/g, (_, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : '\\',
  );
}

function oneLine(text: string | null): string {
  return (text ?? '').replace(/[\t\r\n]+/g, ' ');
}

/** Fragments with every line break cut out (brat cannot show a span across lines). */
function splitAtLineBreaks(text: string, fragments: Fragment[]): Fragment[] {
  const out: Fragment[] = [];
  for (const f of fragments) {
    let start = f.start;
    for (let i = f.start; i <= f.end; i++) {
      if (i === f.end || text.charCodeAt(i) === 0x0a) {
        if (i > start) out.push({ start, end: i });
        start = i + 1;
      }
    }
  }
  return out.length > 0 ? out : fragments;
}

export function bratExporter(ctx: ExportContext): FormatExporter {
  let side: OutputFile;
  const relationTypes = new Set<string>(RELATION_TYPES);
  const tags = new Map(ctx.tagset.map((l) => [l.id, l.tag]));
  /** attribute name → labels (tags) using it and the value tokens met. */
  const attributes = new Map<string, { labels: Set<string>; values: Set<string> }>();
  const noteAttribute = (name: string, tag: string, value: string) => {
    let entry = attributes.get(name);
    if (!entry) attributes.set(name, (entry = { labels: new Set(), values: new Set() }));
    entry.labels.add(tag);
    entry.values.add(valueToken(value));
  };
  attributes.set('status', { labels: new Set(), values: new Set(['proposed', 'rejected']) });
  for (const label of ctx.tagset) {
    for (const definition of label.attributes) {
      for (const value of definition.values) noteAttribute(definition.name, label.tag, value);
    }
  }
  return {
    manifestTarget: 'manifest.json',
    begin: async () => {
      side = ctx.outputs.open(SIDE_FILE);
    },
    document: async (doc) => {
      const base = doc.meta.id.replace(/[^\w.-]/g, '_');
      const txt = ctx.outputs.open(`${base}.txt`);
      txt.write(doc.text);
      const ann = ctx.outputs.open(`${base}.ann`);
      const cp = (offset: number) => doc.cp.toCodePoint(offset);
      const tOf = new Map<string, string>();
      const lines = {
        t: [] as string[],
        r: [] as string[],
        a: [] as string[],
        n: [] as string[],
        notes: [] as string[],
      };
      const record: { document: string; T: Record<string, unknown[]>; R: Record<string, unknown[]>; links: unknown[] } =
        {
          document: doc.meta.id,
          T: {},
          R: {},
          links: [],
        };
      let a = 0;
      let n = 0;
      let note = 0;
      doc.annotations.forEach((row, i) => {
        const t = `T${i + 1}`;
        tOf.set(row.id, t);
        const tag = tags.get(row.label_id) ?? row.label_id;
        const fragments = decodeFragments(row.fragments);
        const segments = splitAtLineBreaks(doc.text, fragments);
        const spans = segments.map((s) => `${cp(s.start)} ${cp(s.end)}`).join(';');
        const text = bratText(doc.text, segments);
        // brat keeps tabs in the text field; a line break can only remain in a span of line breaks.
        lines.t.push(`${t}\t${tag} ${spans}\t${text.replace(/\n/g, ' ')}\n`);
        for (const [name, value] of Object.entries(sortedAttributes(row.attributes))) {
          noteAttribute(name, tag, value);
          lines.a.push(`A${++a}\t${name} ${t} ${valueToken(value)}\n`);
        }
        if (row.status !== 'accepted') {
          noteAttribute('status', tag, row.status);
          lines.a.push(`A${++a}\tstatus ${t} ${row.status}\n`);
        }
        if (row.entity_id)
          lines.n.push(`N${++n}\tReference ${t} ${ENTITY_DB}:${row.entity_id}\t${oneLine(row.entity_name)}\n`);
        if (row.claim_id)
          lines.n.push(`N${++n}\tReference ${t} ${CLAIM_DB}:${row.claim_id}\t${oneLine(row.claim_summary)}\n`);
        if (row.note) lines.notes.push(`#${++note}\tAnnotatorNotes ${t}\t${escapeNote(row.note)}\n`);
        // Where brat's line-break split changed the fragments, keep the exact ones (code points).
        const split =
          segments.length !== fragments.length ||
          segments.some((g, k) => g.start !== fragments[k]?.start || g.end !== fragments[k]?.end);
        record.T[t] = [
          row.id,
          row.author,
          row.created_at,
          row.updated_at,
          ...(split ? [fragments.map((f) => [cp(f.start), cp(f.end)])] : []),
        ];
      });
      let r = 0;
      for (const rel of doc.relations) {
        const from = tOf.get(rel.from_id);
        const to = tOf.get(rel.to_id);
        relationTypes.add(rel.type);
        if (from && to) {
          const id = `R${++r}`;
          lines.r.push(`${id}\t${rel.type} Arg1:${from} Arg2:${to}\n`);
          if (rel.note) lines.notes.push(`#${++note}\tAnnotatorNotes ${id}\t${escapeNote(rel.note)}\n`);
          record.R[id] = [rel.id, rel.author, rel.created_at];
        } else {
          record.links.push({
            id: rel.id,
            head: rel.from_id,
            child: rel.to_id,
            type: rel.type,
            note: rel.note,
            author: rel.author,
            created_at: rel.created_at,
          });
        }
      }
      ctx.facts.relations += doc.relations.length;
      ann.write(lines.t.join('') + lines.r.join('') + lines.a.join('') + lines.n.join('') + lines.notes.join(''));
      side.write(JSON.stringify(record) + '\n');
      await closeInto(ctx.facts, txt, `${base}.txt`);
      await closeInto(ctx.facts, ann, `${base}.ann`);
      await side.pump();
    },
    end: async () => {
      await closeInto(ctx.facts, side, SIDE_FILE);
      const conf = ctx.outputs.open('annotation.conf');
      const attributeLines = [...attributes.entries()]
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([name, { labels, values }]) => {
          const args = name === 'status' ? '<ENTITY>' : [...labels].sort().join('|');
          return `${name}\tArg:${args}, Value:${[...values].sort().join('|')}\n`;
        });
      conf.write(
        `# Written by ${GENERATOR_NAME} ${APP_VERSION}: the tagset of this dataset (see manifest.json for the full labels).\n` +
          '[entities]\n' +
          ctx.tagset.map((l) => `${l.tag}\n`).join('') +
          '\n[relations]\n' +
          '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n' +
          [...relationTypes]
            .sort()
            .map((type) => `${type}\tArg1:<ENTITY>, Arg2:<ENTITY>\n`)
            .join('') +
          '\n[events]\n\n[attributes]\n' +
          attributeLines.join(''),
      );
      await closeInto(ctx.facts, conf, 'annotation.conf');
      const visual = ctx.outputs.open('visual.conf');
      visual.write(
        '[labels]\n' +
          ctx.tagset.map((l) => `${l.tag} | ${oneLine(l.name)}\n`).join('') +
          '\n[drawing]\n' +
          ctx.tagset.map((l) => `${l.tag}\tbgColor:${l.color}\n`).join(''),
      );
      await closeInto(ctx.facts, visual, 'visual.conf');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Import

interface TextBound {
  id: string;
  type: string;
  raw: Fragment[];
  where: Where;
}

interface Parsed {
  textBounds: TextBound[];
  /** Event id → trigger T id. */
  triggers: Map<string, string>;
  attributes: Map<string, Array<[string, string]>>;
  links: Map<string, Array<{ db: string; id: string; text: string; where: Where }>>;
  notes: Map<string, string[]>;
  relations: Array<{ id: string; type: string; from: string; to: string; where: Where }>;
}

type SideRecord = { T?: Record<string, unknown[]>; R?: Record<string, unknown[]>; links?: unknown[] };

function parseAnn(file: string, source: ReturnType<typeof sourceDocument>, ours: boolean): Parsed {
  const parsed: Parsed = {
    textBounds: [],
    triggers: new Map(),
    attributes: new Map(),
    links: new Map(),
    notes: new Map(),
    relations: [],
  };
  const events: Array<{ id: string; args: Array<[string, string]>; where: Where }> = [];
  for (const { text, line } of readLines(file)) {
    if (!text.trim()) continue;
    const where: Where = { file, line };
    const tab = text.indexOf('\t');
    if (tab < 0) throw invalidFile(where, `expected an id, a tab and an annotation, found ${excerpt(text)}.`);
    const id = text.slice(0, tab);
    const rest = text.slice(tab + 1);
    const kind = id[0];
    if (kind === 'T') {
      const second = rest.indexOf('\t');
      const head = second < 0 ? rest : rest.slice(0, second);
      const stated = second < 0 ? undefined : rest.slice(second + 1);
      const space = head.indexOf(' ');
      if (space < 0) throw invalidFile({ ...where, field: 'offsets' }, 'expected a type and "start end" offsets.');
      const type = head.slice(0, space);
      const raw = head
        .slice(space + 1)
        .split(';')
        .map((pair, k) => {
          const w = { ...where, field: `offsets[${k}]` };
          const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(pair);
          if (!m) throw invalidFile(w, `expected "start end", found ${excerpt(pair)}.`);
          return codePointFragment(source, Number(m[1]), Number(m[2]), w);
        });
      checkQuote(source, raw, stated, { ...where, field: 'text' }, ' ', false, (actual) => actual.replace(/\n/g, ' '));
      parsed.textBounds.push({ id, type, raw, where });
    } else if (kind === 'A' || kind === 'M') {
      const [name, target, value] = rest.trim().split(/\s+/);
      if (!name || !target) throw invalidFile(where, 'expected "Name Target [Value]".');
      const list = parsed.attributes.get(target) ?? [];
      list.push([name, value ?? 'true']);
      parsed.attributes.set(target, list);
    } else if (kind === 'N') {
      const second = rest.indexOf('\t');
      const [, target, ref] = (second < 0 ? rest : rest.slice(0, second)).trim().split(/\s+/);
      const colon = ref?.indexOf(':') ?? -1;
      if (!target || !ref || colon <= 0) throw invalidFile(where, 'expected "Reference Target DB:ID".');
      const list = parsed.links.get(target) ?? [];
      list.push({
        db: ref.slice(0, colon),
        id: ref.slice(colon + 1),
        text: second < 0 ? '' : rest.slice(second + 1),
        where,
      });
      parsed.links.set(target, list);
    } else if (kind === '#') {
      const second = rest.indexOf('\t');
      const target = (second < 0 ? rest : rest.slice(0, second)).trim().split(/\s+/)[1];
      if (!target) throw invalidFile(where, 'expected "AnnotatorNotes Target<TAB>text".');
      const body = second < 0 ? '' : rest.slice(second + 1);
      const list = parsed.notes.get(target) ?? [];
      list.push(ours ? unescapeNote(body) : body);
      parsed.notes.set(target, list);
    } else if (kind === 'R') {
      const [type, ...args] = rest.trim().split(/\s+/);
      const ends = args.map((a) => a.slice(a.indexOf(':') + 1));
      if (!type || ends.length !== 2 || !ends[0] || !ends[1])
        throw invalidFile(where, 'expected "Type Arg1:ID Arg2:ID".');
      parsed.relations.push({ id, type, from: ends[0], to: ends[1], where });
    } else if (kind === 'E') {
      const [trigger, ...args] = rest.trim().split(/\s+/);
      const triggerId = trigger?.slice(trigger.indexOf(':') + 1);
      if (!triggerId) throw invalidFile(where, 'expected "Type:Trigger Role:ID ...".');
      parsed.triggers.set(id, triggerId);
      events.push({
        id,
        args: args.map((a) => [a.slice(0, a.indexOf(':')).replace(/\d+$/, ''), a.slice(a.indexOf(':') + 1)]),
        where,
      });
    } else if (kind === '*') {
      const [type, ...members] = rest.trim().split(/\s+/);
      if (!type || members.length < 2) throw invalidFile(where, 'expected "Type ID ID ...".');
      for (const member of members.slice(1)) {
        parsed.relations.push({ id: '', type, from: members[0] as string, to: member, where });
      }
    } else {
      throw invalidFile(where, `expected a brat annotation line (T, R, E, A, M, N, # or *), found ${excerpt(text)}.`);
    }
  }
  for (const event of events) {
    const trigger = parsed.triggers.get(event.id) as string;
    for (const [role, arg] of event.args) {
      parsed.relations.push({ id: '', type: role || 'argument', from: trigger, to: arg, where: event.where });
    }
  }
  return parsed;
}

/** Files of a brat collection: `.txt` files with their `.ann` (when there is one). */
function documentsOf(target: string): Array<{ txt: string; ann: string | null }> {
  const out: Array<{ txt: string; ann: string | null }> = [];
  const visit = (file: string) => {
    const base = file.replace(/\.(txt|ann)$/i, '');
    const txt = `${base}.txt`;
    const ann = `${base}.ann`;
    if (!fs.existsSync(txt))
      throw invalidFile({ file: ann }, `has no ${path.basename(txt)} beside it; expected the text it annotates.`);
    out.push({ txt, ann: fs.existsSync(ann) ? ann : null });
  };
  if (fs.statSync(target).isDirectory()) {
    const walk = (dir: string) => {
      const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.ann$/i.test(entry.name)) visit(full);
        else if (/\.txt$/i.test(entry.name) && !fs.existsSync(full.replace(/\.txt$/i, '.ann'))) visit(full);
      }
    };
    walk(target);
  } else {
    if (!/\.(txt|ann)$/i.test(target))
      throw invalidFile({ file: target }, 'expected a brat folder, or an .ann or .txt file.');
    visit(target);
  }
  return out;
}

/** Imports a brat collection (a folder, or one .ann/.txt pair). */
export function* readBrat(target: string, manifest: Manifest | null, sink: ImportSink): Generator<number> {
  const folder = fs.statSync(target).isDirectory() ? target : path.dirname(target);
  const ours = manifest !== null;
  if (manifest) applyManifest(sink, manifest, path.join(folder, 'manifest.json'));
  const byTag = new Map<string, ManifestLabel>((manifest?.tagset ?? []).map((l) => [l.tag, l]));
  const metaById = new Map((manifest?.documents ?? []).map((d) => [d.id, d]));
  // triangulate.jsonl: where each document's record is (read back when its document comes).
  const side = new Map<string, { offset: number; bytes: number; line: number }>();
  const sideFile = path.join(folder, SIDE_FILE);
  const parseSide = (text: string, line: number): unknown => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw invalidFile({ file: sideFile, line }, `not valid JSON (${(error as Error).message}).`);
    }
    return checkJsonDepth({ file: sideFile, line }, value);
  };
  if (ours && fs.existsSync(sideFile)) {
    for (const { text, line, offset, bytes } of lineOffsets(sideFile)) {
      if (!text.trim()) continue;
      const record = expectObject(parseSide(text, line), { file: sideFile, line });
      if (typeof record.document === 'string') side.set(record.document, { offset, bytes, line });
    }
  }
  const sideRecord = (id: string): SideRecord => {
    const at = side.get(id);
    return at ? (parseSide(readSlice(sideFile, at.offset, at.bytes), at.line) as SideRecord) : {};
  };
  const crossLinks: Array<{ where: Where; value: unknown }> = [];

  for (const { txt, ann } of documentsOf(target)) {
    const docKey = path.basename(txt).replace(/\.txt$/i, '');
    const entry = metaById.get(docKey);
    const raw = readText(txt);
    const source = sourceDocument(
      sink,
      raw,
      { file: txt },
      entry
        ? documentMeta(entry)
        : { title: docKey, origin: path.relative(folder, txt) || path.basename(txt), metadata: { format: 'brat' } },
    );
    if (!ann) {
      yield 1;
      continue;
    }
    const parsed = parseAnn(ann, source, ours);
    const record = sideRecord(entry?.id ?? docKey);
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const annotationIds = new Map<string, string>();
    for (const tb of parsed.textBounds) {
      const label = byTag.get(tb.type);
      const attributes: Record<string, string> = {};
      let status: string | undefined;
      for (const [name, value] of parsed.attributes.get(tb.id) ?? []) {
        if (ours && name === 'status') {
          status = value;
          continue;
        }
        const defined = label?.attributes.find((d) => d.name === name)?.values.find((v) => valueToken(v) === value);
        attributes[name] = defined ?? value;
      }
      // Attributes on an event belong to its trigger.
      for (const [eventId, trigger] of parsed.triggers) {
        if (trigger !== tb.id) continue;
        for (const [name, value] of parsed.attributes.get(eventId) ?? []) attributes[name] = value;
      }
      let entityId: string | null = null;
      let claimId: string | null = null;
      for (const link of parsed.links.get(tb.id) ?? []) {
        if (link.db === ENTITY_DB) entityId = link.id;
        else if (link.db === CLAIM_DB) claimId = link.id;
        else if (label?.kind !== 'claim') {
          entityId = sink.linkedEntity(
            `${link.db}:${link.id}`,
            link.text || bratText(source.canonical.raw, tb.raw),
            'other',
          );
        }
      }
      const facts = (record.T?.[tb.id] ?? []) as unknown[];
      // Triangulate's own fragments, where brat's line-break split changed them.
      const exact = Array.isArray(facts[4])
        ? facts[4].map((pair, k) => {
            const w = { file: sideFile, field: `${docKey}.T.${tb.id}[4][${k}]` };
            const [a, b] = Array.isArray(pair) ? (pair as unknown[]) : [];
            if (typeof a !== 'number' || typeof b !== 'number') throw invalidFile(w, 'expected a [start, end] pair.');
            return codePointFragment(source, a, b, w);
          })
        : null;
      const fragments = canonicalFragments(source, exact ?? tb.raw, tb.where);
      const id = sink.annotation({
        where: tb.where,
        ...(text(facts[0]) ? { id: text(facts[0]) } : {}),
        documentId: source.docId,
        text: source.canonical.text,
        label: label?.name ?? tb.type,
        fragments,
        attributes,
        ...(status ? { status } : {}),
        ...(text(facts[1]) ? { author: text(facts[1]) } : {}),
        note: (parsed.notes.get(tb.id) ?? []).join('\n\n'),
        entityId,
        claimId,
        ...(text(facts[2]) ? { createdAt: text(facts[2]) } : {}),
        ...(text(facts[3]) ? { updatedAt: text(facts[3]) } : {}),
      });
      annotationIds.set(tb.id, id);
    }
    const resolve = (ref: string, where: Where) => {
      const id = annotationIds.get(parsed.triggers.get(ref) ?? ref);
      if (!id) throw invalidFile(where, `refers to ${ref}, which is not a text-bound annotation of this file.`);
      return id;
    };
    for (const rel of parsed.relations) {
      const facts = (record.R?.[rel.id] ?? []) as Array<string | undefined>;
      sink.relation({
        where: rel.where,
        ...(typeof facts[0] === 'string' ? { id: facts[0] } : {}),
        fromId: resolve(rel.from, rel.where),
        toId: resolve(rel.to, rel.where),
        type: /^[a-z][a-z0-9_]{0,63}$/.test(rel.type) ? rel.type : relationTypeOf(rel.type),
        note: rel.id ? (parsed.notes.get(rel.id) ?? []).join('\n\n') : '',
        ...(typeof facts[1] === 'string' ? { author: facts[1] } : {}),
        ...(typeof facts[2] === 'string' ? { createdAt: facts[2] } : {}),
      });
    }
    for (const link of record.links ?? [])
      crossLinks.push({ where: { file: sideFile, field: `${docKey}.links` }, value: link });
    yield parsed.textBounds.length + 1;
  }
  for (const { where, value } of crossLinks) {
    const link = expectObject(value, where);
    sink.relation({
      where,
      ...(typeof link.id === 'string' ? { id: link.id } : {}),
      fromId: String(link.head),
      toId: String(link.child),
      type: String(link.type),
      ...(typeof link.note === 'string' ? { note: link.note } : {}),
      ...(typeof link.author === 'string' ? { author: link.author } : {}),
      ...(typeof link.created_at === 'string' ? { createdAt: link.created_at } : {}),
    });
  }
}

/**
 * The text brat shows for a text-bound annotation: its fragments' texts joined by a space (brat's
 * convention, unlike an annotation's quote, which joins them with `FRAGMENT_SEPARATOR`).
 */
function bratText(text: string, fragments: readonly Fragment[]): string {
  return fragments.map((f) => text.slice(f.start, f.end)).join(' ');
}
