/**
 * W3C Web Annotation import: Triangulate's own files (see w3c-export.ts; ids, status, links,
 * attributes and, with the manifest, documents, entities, claims and notes) and other tools'
 * annotations on documents the workspace holds (matched by our URN, by id or by origin). Either
 * layout is read: Triangulate's AnnotationCollection with one annotation per line, or JSON
 * records (one per line, pretty-printed, or the elements of a top-level array), each an
 * Annotation, or an AnnotationPage or AnnotationCollection with its pages embedded.
 */
import type { Fragment } from '../../../common/domain.js';
import type { ImportSink } from '../import-sink.js';
import { checkJsonRecord, readJsonRecords, readLines } from '../input.js';
import { URN, asRelationType, excerpt, fromUrn, invalidFile, type Manifest, type Where } from '../model.js';
import { CodePoints } from '../text-map.js';
import { at, expectObject } from '../field-checks.js';
import { applyManifest, documentMeta, sourceDocument, type SourceText } from './common.js';
import { authorOf, firstString, list, sourceOf, typesOf } from './w3c-json-ld.js';
import { selectFragment } from './w3c-selectors.js';

/** One annotation's JSON value and the line it starts on. */
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
      expectObject(checkJsonRecord({ file, line }, header, text), { file, line }, 'an AnnotationCollection');
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
    yield { value: checkJsonRecord({ file, line }, value, json), line };
  }
  if (layout === 'ours') {
    // Our collection ends with the line that closes its page: without it the file was cut short.
    throw invalidFile(
      { file },
      'the annotation collection never ends (no closing "]}" line); the file is cut short, expected the whole export.',
    );
  }
  if (layout !== 'records') return;
  for (const { value, line } of readJsonRecords(file)) yield* expand(value, { file, line });
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
      const attributes: Record<string, string> = {};
      for (const body of bodies) {
        const annotation = fromUrn(URN.annotation, sourceOf(body));
        if (annotation) child = annotation;
        else if (typeof body === 'object' && body !== null && typeof (body as { value?: unknown }).value === 'string') {
          const b = body as { value: string; purpose?: unknown; 'tri:attribute'?: unknown };
          if (typeof b['tri:attribute'] === 'string') attributes[b['tri:attribute']] = b.value;
          else if (firstString(b.purpose) === 'commenting') note = b.value;
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
        type: asRelationType(type),
        attributes,
        note,
        ...(author ? { author } : {}),
        ...(created ? { createdAt: created } : {}),
      });
      yield 1;
      continue;
    }

    // Targets: one fragment each, all in one document, selected in its canonical text (no further mapping).
    let doc: SourceText | null = null;
    const fragments: Fragment[] = [];
    for (const [k, target] of targets.entries()) {
      const w = at(where, targets.length > 1 ? `target[${k}]` : 'target');
      const here = documentFor(sourceOf(target), w);
      if (doc && doc.docId !== here.docId) {
        throw invalidFile(w, 'the targets of one annotation lie in different documents; expected one document.');
      }
      doc = here;
      let cp = codePoints.get(here.docId);
      if (!cp) codePoints.set(here.docId, (cp = new CodePoints(here.canonical.text)));
      fragments.push(selectFragment(here.canonical.text, cp, target, w));
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
        entityId = sink.linkedEntity(
          target,
          doc.canonical.text.slice(fragments[0]?.start ?? 0, fragments[0]?.end ?? 0),
          'other',
          w,
        );
      } else if (typeof body === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(body)) {
        throw invalidFile(w, `expected a body resource (a URI or an object), found ${excerpt(body)}.`);
      }
    });
    if (labels.length === 0) {
      labels.push(untagged ?? (motivation ? motivation[0]?.toUpperCase() + motivation.slice(1) : 'Annotation'));
    }
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
