/**
 * W3C Web Annotation (JSON-LD). Each annotation targets its document (`urn:triangulate:document:ID`)
 * with one SpecificResource per fragment, each selected by a TextQuoteSelector and a
 * TextPositionSelector (Unicode code points, as the model requires). Bodies: the label (tagging),
 * the entity or claim link (identifying), each attribute such as the claim's stance (classifying,
 * with `tri:attribute` naming it) and the note (commenting). A relation is an annotation with
 * motivation `linking` whose target is the head annotation and whose body is the child.
 *
 * Two layouts: `PATH.jsonl` / `PATH.ndjson` hold one annotation per line; any other name holds an
 * AnnotationCollection whose single embedded AnnotationPage lists every annotation, one per line
 * (so that it streams both ways). The manifest sidecar carries the document texts.
 */
import path from 'node:path';
import type { Fragment } from '../../../common/domain.js';
import { contextOf } from '../../../common/anchoring/index.js';
import type { ImportSink } from '../importer.js';
import { checkJsonDepth, readJsonRecords, readLines } from '../input.js';
import {
  URN,
  VOCAB,
  excerpt,
  fromUrn,
  invalidFile,
  invalidRange,
  relationTypeOf,
  urn,
  type Manifest,
  type Where,
} from '../model.js';
import type { OutputFile } from '../output.js';
import { CodePoints } from '../text-map.js';
import {
  applyManifest,
  at,
  canonicalFragments,
  closeInto,
  decodeFragments,
  documentMeta,
  expectObject,
  expectString,
  sortedAttributes,
  sourceDocument,
  type ExportContext,
  type ExportDocument,
  type FormatExporter,
  type SourceText,
} from './common.js';

const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const CONTEXT = [ANNO_CONTEXT, { tri: VOCAB }];

/** True when the W3C export to `outPath` writes one annotation per line. */
export function isLineLayout(outPath: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(outPath);
}

function annotationItem(doc: ExportDocument, a: ExportDocument['annotations'][number], label: string): unknown {
  const body: unknown[] = [{ type: 'TextualBody', purpose: 'tagging', value: label }];
  if (a.entity_id)
    body.push({ type: 'SpecificResource', purpose: 'identifying', source: urn(URN.entity, a.entity_id) });
  if (a.claim_id) body.push({ type: 'SpecificResource', purpose: 'identifying', source: urn(URN.claim, a.claim_id) });
  for (const [name, value] of Object.entries(sortedAttributes(a.attributes))) {
    body.push({ type: 'TextualBody', purpose: 'classifying', value, 'tri:attribute': name });
  }
  if (a.note) body.push({ type: 'TextualBody', purpose: 'commenting', value: a.note });
  const source = urn(URN.document, doc.meta.id);
  const targets = decodeFragments(a.fragments).map((f) => {
    const { prefix, suffix } = contextOf(doc.text, [f]);
    return {
      type: 'SpecificResource',
      source,
      selector: [
        {
          type: 'TextQuoteSelector',
          exact: doc.text.slice(f.start, f.end),
          ...(prefix ? { prefix } : {}),
          ...(suffix ? { suffix } : {}),
        },
        { type: 'TextPositionSelector', start: doc.cp.toCodePoint(f.start), end: doc.cp.toCodePoint(f.end) },
      ],
    };
  });
  return {
    '@context': CONTEXT,
    id: urn(URN.annotation, a.id),
    type: 'Annotation',
    motivation: 'tagging',
    creator: { type: 'Person', name: a.author },
    created: a.created_at,
    modified: a.updated_at,
    'tri:status': a.status,
    body,
    target: targets.length === 1 ? targets[0] : targets,
  };
}

function relationItem(r: ExportDocument['relations'][number]): unknown {
  const body: unknown[] = [
    { type: 'SpecificResource', purpose: 'linking', source: urn(URN.annotation, r.to_id) },
    { type: 'TextualBody', purpose: 'tagging', value: r.type },
  ];
  if (r.note) body.push({ type: 'TextualBody', purpose: 'commenting', value: r.note });
  return {
    '@context': CONTEXT,
    id: urn(URN.relation, r.id),
    type: 'Annotation',
    motivation: 'linking',
    creator: { type: 'Person', name: r.author },
    created: r.created_at,
    body,
    target: urn(URN.annotation, r.from_id),
  };
}

export function w3cExporter(ctx: ExportContext): FormatExporter {
  const lines = isLineLayout(ctx.outPath);
  let out: OutputFile;
  let items = 0;
  const emit = (item: unknown) => {
    const json = JSON.stringify(item);
    if (lines) out.write(json + '\n');
    else out.write((items === 0 ? '\n' : ',\n') + json);
    items++;
  };
  return {
    manifestTarget: `${ctx.outPath}.manifest.json`,
    manifestTexts: true,
    begin: async () => {
      out = ctx.outputs.open(ctx.outPath);
      if (!lines) {
        const pageId = `${ctx.datasetId}:page:1`;
        const header = JSON.stringify({
          '@context': ANNO_CONTEXT,
          id: ctx.datasetId,
          type: 'AnnotationCollection',
          label: 'Triangulate dataset',
          last: pageId,
          // partOf as a description (not a bare IRI), so that the page also validates on its own.
          first: {
            id: pageId,
            type: 'AnnotationPage',
            partOf: { id: ctx.datasetId, label: 'Triangulate dataset' },
            startIndex: 0,
            items: [],
          },
        });
        out.write(header.slice(0, -']}}'.length));
      }
    },
    document: async (doc) => {
      for (const a of doc.annotations) emit(annotationItem(doc, a, ctx.labels.get(a.label_id)?.name ?? a.label_id));
      for (const r of doc.relations) emit(relationItem(r));
      ctx.facts.relations += doc.relations.length;
      await out.pump();
    },
    end: async () => {
      if (!lines) out.write(`\n]},"total":${items}}\n`);
      await closeInto(ctx.facts, out, path.basename(ctx.outPath));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Import

interface Item {
  value: unknown;
  line: number;
}

/** The annotations of a W3C file, whatever its layout. */
function* items(file: string): Generator<Item> {
  let layout: 'ours' | 'records' | null = null;
  for (const { text, line } of readLines(file)) {
    if (!text.trim()) continue;
    if (layout === null) {
      layout = text.trimEnd().endsWith('"items":[') ? 'ours' : 'records';
      if (layout === 'records') break;
      let header: unknown;
      try {
        header = JSON.parse(text.trimEnd() + ']}}');
      } catch (error) {
        throw invalidFile({ file, line }, `not valid JSON (${(error as Error).message}).`);
      }
      expectObject(header, { file, line }, 'an AnnotationCollection');
      continue;
    }
    if (/^\s*\]\s*\}/.test(text)) return;
    const json = text.trimEnd().replace(/,$/, '');
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw invalidFile(
        { file, line },
        `not valid JSON (${(error as Error).message}); expected one annotation per line.`,
      );
    }
    yield { value: checkJsonDepth({ file, line }, value), line };
  }
  if (layout !== 'records') return;
  for (const { value, line } of readJsonRecords(file)) yield* expand(value, { file, line });
}

function typesOf(value: Record<string, unknown>): string[] {
  const type = value.type ?? value['@type'];
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
}

/** An annotation, or the annotations of a collection or page given in full. */
function* expand(value: unknown, where: Where & { line: number }): Generator<Item> {
  const object = expectObject(value, where, 'a W3C Annotation, AnnotationPage or AnnotationCollection');
  const types = typesOf(object);
  if (types.includes('AnnotationCollection')) {
    const first = object.first;
    if (first === undefined) return;
    if (typeof first === 'string') {
      throw invalidFile(
        at(where, 'first'),
        'the collection refers to its pages by URI; expected its annotations embedded in the file.',
      );
    }
    yield* expand(first, where);
    return;
  }
  if (types.includes('AnnotationPage')) {
    const list = object.items;
    if (!Array.isArray(list)) throw invalidFile(at(where, 'items'), 'expected the array of annotations of the page.');
    for (const item of list) yield { value: item, line: where.line };
    if (object.next !== undefined && typeof object.next !== 'string') yield* expand(object.next, where);
    return;
  }
  yield { value, line: where.line };
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function firstString(value: unknown): string | undefined {
  for (const v of list(value)) if (typeof v === 'string') return v;
  return undefined;
}

function sourceOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.source === 'string') return o.source;
    if (typeof o.source === 'object' && o.source !== null && typeof (o.source as { id?: unknown }).id === 'string') {
      return (o.source as { id: string }).id;
    }
    if (typeof o.id === 'string') return o.id;
  }
  return undefined;
}

function authorOf(creator: unknown): string | undefined {
  for (const c of list(creator)) {
    if (typeof c === 'string') return c;
    if (typeof c === 'object' && c !== null) {
      const o = c as Record<string, unknown>;
      const name = firstString(o.name) ?? firstString(o.nickname) ?? firstString(o.id);
      if (name) return name;
    }
  }
  return undefined;
}

/** Where a quote (with optional context) occurs in a text; unique or refused. */
export function anchorQuote(
  text: string,
  exact: string,
  prefix: string | undefined,
  suffix: string | undefined,
  where: Where,
): Fragment {
  if (!exact) throw invalidRange(where, 'the TextQuoteSelector has an empty "exact".');
  const all: number[] = [];
  for (let i = text.indexOf(exact); i >= 0; i = text.indexOf(exact, i + 1)) all.push(i);
  if (all.length === 0) throw invalidRange(where, `the quote ${excerpt(exact)} does not occur in the document.`);
  const fits = all.filter(
    (i) =>
      (!prefix || text.slice(0, i).endsWith(prefix)) && (!suffix || text.slice(i + exact.length).startsWith(suffix)),
  );
  const chosen = fits.length === 1 ? fits : all.length === 1 ? all : fits;
  if (chosen.length !== 1) {
    throw invalidRange(
      where,
      `the quote ${excerpt(exact)} occurs ${fits.length || all.length} times and its prefix/suffix do not single one out; expected a TextPositionSelector.`,
    );
  }
  const start = chosen[0] as number;
  return { start, end: start + exact.length };
}

/** The fragment a target selects: by TextPositionSelector (checked against its quote), or by quote. */
function selectFragment(text: string, cp: CodePoints, target: unknown, where: Where): Fragment {
  const selectors = list(
    typeof target === 'object' && target !== null ? (target as { selector?: unknown }).selector : undefined,
  ).filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
  const position = selectors.find((s) => typesOf(s).includes('TextPositionSelector'));
  const quote = selectors.find((s) => typesOf(s).includes('TextQuoteSelector'));
  const w = at(where, 'selector');
  if (position) {
    const s = position.start;
    const e = position.end;
    if (typeof s !== 'number' || typeof e !== 'number' || !Number.isInteger(s) || !Number.isInteger(e) || e <= s) {
      throw invalidFile(w, 'expected a TextPositionSelector with whole-number start < end.');
    }
    const start = cp.toUtf16(s);
    const end = cp.toUtf16(e);
    if (start < 0 || end < 0) {
      throw invalidRange(w, `the range [${s}, ${e}) lies outside the text (0 to ${cp.length} code points).`);
    }
    if (quote && typeof quote.exact === 'string' && text.slice(start, end) !== quote.exact) {
      throw invalidRange(
        w,
        `the text at [${s}, ${e}) is ${excerpt(text.slice(start, end))} but the TextQuoteSelector says ${excerpt(quote.exact)}.`,
      );
    }
    return { start, end };
  }
  if (quote) {
    return anchorQuote(
      text,
      expectString(quote.exact, at(w, 'exact')),
      typeof quote.prefix === 'string' ? quote.prefix : undefined,
      typeof quote.suffix === 'string' ? quote.suffix : undefined,
      w,
    );
  }
  throw invalidFile(w, 'expected a TextPositionSelector or a TextQuoteSelector.');
}

/**
 * Imports W3C annotations: Triangulate's own (ids, status, links, attributes and, with the
 * manifest, documents, entities, claims and notes) and other tools' annotations on documents the
 * workspace holds (matched by our URN or by origin).
 */
export function* readW3c(file: string, manifest: Manifest | null, sink: ImportSink): Generator<number> {
  const manifestFile = `${file}.manifest.json`;
  if (manifest) applyManifest(sink, manifest, manifestFile);
  const documents = new Map<string, SourceText>();
  /** Code-point converters of the canonical texts (positions count in the canonical text). */
  const codePoints = new Map<string, CodePoints>();
  (manifest?.documents ?? []).forEach((entry, i) => {
    if (typeof entry.text !== 'string') return;
    const where = { file: manifestFile, field: `documents[${i}].text` };
    documents.set(entry.id, sourceDocument(sink, entry.text, where, documentMeta(entry)));
  });
  const documentFor = (source: string | undefined, where: Where): SourceText => {
    if (!source) throw invalidFile(where, 'expected the target document (a "source" URI).');
    const known = documents.get(source) ?? documents.get(fromUrn(URN.document, source) ?? '');
    if (known) return known;
    const found = sink.findDocument(fromUrn(URN.document, source) ?? source);
    if (!found) {
      throw invalidFile(
        where,
        `the target ${excerpt(source)} is not a document of this workspace, and the file (with its manifest) does not carry its text.`,
      );
    }
    const text = sourceDocument(sink, found.text, where, {});
    documents.set(source, text);
    return text;
  };

  for (const { value, line } of items(file)) {
    const where: Where = { file, line };
    const item = expectObject(value, where, 'a W3C Annotation');
    if (!typesOf(item).includes('Annotation')) {
      throw invalidFile(at(where, 'type'), `expected "Annotation", found ${excerpt(item.type)}.`);
    }
    const motivation = firstString(item.motivation);
    const author = authorOf(item.creator);
    const created = firstString(item.created);
    const modified = firstString(item.modified);
    const targets = list(item.target);
    if (targets.length === 0) throw invalidFile(at(where, 'target'), 'expected at least one target.');
    const bodies = list(item.body);
    const relationHead = fromUrn(URN.annotation, sourceOf(targets[0]));

    if (motivation === 'linking' && relationHead) {
      let child: string | null = null;
      let type = 'related';
      let note = '';
      for (const body of bodies) {
        const annotation = fromUrn(URN.annotation, sourceOf(body));
        if (annotation) child = annotation;
        else if (typeof body === 'object' && body !== null && typeof (body as { value?: unknown }).value === 'string') {
          const b = body as { value: string; purpose?: unknown };
          if (firstString(b.purpose) === 'commenting') note = b.value;
          else type = b.value;
        }
      }
      if (!child) throw invalidFile(at(where, 'body'), 'expected the linked annotation as a body.');
      const id = fromUrn(URN.relation, item.id);
      sink.relation({
        where,
        ...(id ? { id } : {}),
        fromId: relationHead,
        toId: child,
        type: /^[a-z][a-z0-9_]{0,63}$/.test(type) ? type : relationTypeOf(type),
        note,
        ...(author ? { author } : {}),
        ...(created ? { createdAt: created } : {}),
      });
      yield 1;
      continue;
    }

    // Targets: one fragment each, all in one document.
    let doc: SourceText | null = null;
    const raw: Fragment[] = [];
    for (const [k, target] of targets.entries()) {
      const w = at(where, targets.length > 1 ? `target[${k}]` : 'target');
      const here = documentFor(sourceOf(target), w);
      if (doc && doc.docId !== here.docId) {
        throw invalidFile(w, 'the targets of one annotation lie in different documents; expected one document.');
      }
      doc = here;
      let cp = codePoints.get(here.docId);
      if (!cp) codePoints.set(here.docId, (cp = new CodePoints(here.canonical.text)));
      raw.push(selectFragment(here.canonical.text, cp, target, w));
    }
    if (!doc) throw invalidFile(at(where, 'target'), 'expected at least one target.');

    // Bodies: label(s), links, attributes, note.
    const labels: string[] = [];
    const attributes: Record<string, string> = {};
    const notes: string[] = [];
    let entityId: string | null = null;
    let claimId: string | null = null;
    let untagged: string | undefined;
    bodies.forEach((body, k) => {
      const w = at(where, bodies.length > 1 ? `body[${k}]` : 'body');
      const target = sourceOf(body);
      const purpose =
        typeof body === 'object' && body !== null ? firstString((body as { purpose?: unknown }).purpose) : undefined;
      const value = typeof body === 'object' && body !== null ? (body as { value?: unknown }).value : undefined;
      if (typeof value === 'string') {
        const attribute = (body as Record<string, unknown>)['tri:attribute'];
        if (typeof attribute === 'string') attributes[attribute] = value;
        else if (purpose === 'tagging') labels.push(value);
        else if (purpose === 'commenting' || purpose === 'replying') notes.push(value);
        else untagged ??= value;
        return;
      }
      if (!target) return;
      const entity = fromUrn(URN.entity, target);
      const claim = fromUrn(URN.claim, target);
      if (entity) entityId = entity;
      else if (claim) claimId = claim;
      else if (purpose === 'identifying' && /^[a-z][a-z0-9+.-]*:/i.test(target)) {
        entityId = sink.linkedEntity(target, doc.canonical.text.slice(raw[0]?.start ?? 0, raw[0]?.end ?? 0), 'other');
      } else if (typeof body === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(body)) {
        throw invalidFile(w, `expected a body resource (a URI or an object), found ${excerpt(body)}.`);
      }
    });
    if (labels.length === 0) {
      labels.push(untagged ?? (motivation ? motivation[0]?.toUpperCase() + motivation.slice(1) : 'Annotation'));
    }
    const fragments = canonicalFragments(doc, raw, where);
    const id = fromUrn(URN.annotation, item.id);
    const status = item['tri:status'];
    labels.forEach((label, k) => {
      sink.annotation({
        where,
        ...(k === 0 && id ? { id } : {}),
        documentId: doc.docId,
        text: doc.canonical.text,
        label,
        fragments,
        attributes,
        ...(typeof status === 'string' ? { status } : {}),
        ...(author ? { author } : {}),
        note: notes.join('\n\n'),
        entityId,
        claimId,
        ...(created ? { createdAt: created } : {}),
        ...(modified ? { updatedAt: modified } : {}),
      });
    });
    yield 1;
  }
}
