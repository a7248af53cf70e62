/**
 * JSONL: one document per line, with its text, its spans and the relations that start in it.
 *
 * Offsets are Unicode code points, like Python string indices, so `text[start:end] == span.text`
 * holds for doccano- and Prodigy-style readers. Each line also carries doccano's `label` list of
 * `[start, end, label]` triples. A discontinuous span has `start`/`end` around its whole extent and
 * its parts in `fragments`. The manifest is the sidecar `PATH.manifest.json`.
 */
import type { Fragment } from '../../../common/domain.js';
import { asRelationType, type Manifest, type Where } from '../model.js';
import type { ImportSink } from '../import-sink.js';
import { readJsonRecords } from '../input.js';
import { decodeFragments } from '../../rows.js';
import {
  at,
  expectArray,
  expectObject,
  expectOffset,
  expectString,
  optionalId,
  optionalString,
  stringMap,
} from '../field-checks.js';
import {
  applyManifest,
  canonicalFragments,
  checkQuote,
  closeInto,
  codePointFragment,
  sortedAttributes,
  sourceDocument,
  type ExportContext,
  type ExportDocument,
  type FormatExporter,
  type SourceText,
} from './common.js';
import path from 'node:path';
import type { OutputFile } from '../output.js';

export function jsonlExporter(ctx: ExportContext): FormatExporter {
  let out: OutputFile;
  return {
    manifestTarget: `${ctx.outPath}.manifest.json`,
    begin: async () => {
      out = ctx.outputs.open(ctx.outPath);
    },
    document: async (doc: ExportDocument) => {
      const cp = (offset: number) => doc.cp.toCodePoint(offset);
      const spans = doc.annotations.map((a) => {
        const label = ctx.labels.get(a.label_id)?.name ?? a.label_id;
        const fragments = decodeFragments(a.fragments);
        return {
          id: a.id,
          start: cp(a.start_offset),
          end: cp(a.end_offset),
          label,
          text: doc.text.slice(a.start_offset, a.end_offset),
          ...(fragments.length > 1 ? { fragments: fragments.map((f) => [cp(f.start), cp(f.end)]) } : {}),
          entity_id: a.entity_id,
          claim_id: a.claim_id,
          attributes: sortedAttributes(a.attributes),
          status: a.status,
          author: a.author,
          note: a.note,
          created_at: a.created_at,
          updated_at: a.updated_at,
        };
      });
      ctx.facts.relations += doc.relations.length;
      const record = {
        id: doc.meta.id,
        title: doc.meta.title,
        outlet: doc.meta.outlet,
        date: doc.meta.published_at,
        origin: doc.meta.origin,
        content_hash: doc.meta.content_hash,
        metadata: JSON.parse(doc.meta.metadata) as unknown,
        text: doc.text,
        spans,
        relations: doc.relations.map((r) => ({
          id: r.id,
          head: r.from_id,
          child: r.to_id,
          type: r.type,
          attributes: sortedAttributes(r.attributes),
          note: r.note,
          author: r.author,
          created_at: r.created_at,
        })),
        label: spans.map((s) => [s.start, s.end, s.label]),
      };
      out.write(JSON.stringify(record) + '\n');
      await out.pump();
    },
    end: async () => {
      await closeInto(ctx.facts, out, path.basename(ctx.outPath));
    },
  };
}

/** Reads one span of a Triangulate JSONL line (also used for Prodigy-style spans). */
export function spanFragments(
  source: SourceText,
  span: Record<string, unknown>,
  where: Where,
): { raw: Fragment[]; canonical: Fragment[] } {
  let raw: Fragment[];
  if (span.fragments !== undefined && span.fragments !== null) {
    raw = expectArray(span.fragments, at(where, 'fragments'), 'an array of [start, end] pairs').map((pair, k) => {
      const w = at(where, `fragments[${k}]`);
      const [s, e] = expectArray(pair, w, 'a [start, end] pair');
      return codePointFragment(source, expectOffset(s, w), expectOffset(e, w), w);
    });
  } else {
    const start = expectOffset(span.start, at(where, 'start'));
    const end = expectOffset(span.end, at(where, 'end'));
    raw = [codePointFragment(source, start, end, where)];
  }
  return { raw, canonical: canonicalFragments(source, raw, where) };
}

/**
 * Imports Triangulate JSONL. Restores ids, statuses, authors, links, attributes, notes and
 * timestamps; with the manifest also the tagset, entities (with aliases), claims and notes.
 */
export function* readJsonl(file: string, manifest: Manifest | null, sink: ImportSink): Generator<number> {
  if (manifest) applyManifest(sink, manifest, `${file}.manifest.json`);
  for (const { value, line } of readJsonRecords(file)) {
    const where: Where = { file, line };
    const record = expectObject(value, where, 'a JSON object (one document per line)');
    const raw = expectString(record.text, at(where, 'text'), 'the document text');
    const metadata = record.metadata;
    const source = sourceDocument(sink, raw, at(where, 'text'), {
      title: optionalString(record.title, at(where, 'title')) ?? null,
      outlet: optionalString(record.outlet, at(where, 'outlet')) ?? null,
      publishedAt: optionalString(record.date, at(where, 'date')) ?? null,
      origin: optionalString(record.origin, at(where, 'origin')) ?? null,
      metadata:
        typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
          ? (metadata as Record<string, unknown>)
          : { format: 'jsonl' },
    });
    let count = 0;
    if (Array.isArray(record.spans)) {
      record.spans.forEach((value, i) => {
        const w = at(where, `spans[${i}]`);
        const span = expectObject(value, w);
        const fragments = spanFragments(source, span, w);
        if (span.fragments === undefined || span.fragments === null) {
          checkQuote(source, fragments.raw, optionalString(span.text, at(w, 'text')), at(w, 'text'));
        } else {
          const [first, last] = [fragments.raw[0], fragments.raw[fragments.raw.length - 1]];
          if (first && last) {
            checkQuote(
              source,
              [{ start: first.start, end: last.end }],
              optionalString(span.text, at(w, 'text')),
              at(w, 'text'),
            );
          }
        }
        const id = optionalId(span.id, at(w, 'id'));
        const entityId = optionalId(span.entity_id, at(w, 'entity_id'));
        const claimId = optionalId(span.claim_id, at(w, 'claim_id'));
        sink.annotation({
          where: w,
          ...(id ? { id } : {}),
          documentId: source.docId,
          text: source.canonical.text,
          label: expectString(span.label, at(w, 'label'), 'a label name'),
          fragments: fragments.canonical,
          attributes: stringMap(span.attributes, at(w, 'attributes')),
          ...(span.status !== undefined ? { status: expectString(span.status, at(w, 'status')) } : {}),
          ...(span.author !== undefined ? { author: expectString(span.author, at(w, 'author')) } : {}),
          ...(span.note !== undefined ? { note: expectString(span.note, at(w, 'note')) } : {}),
          entityId: entityId ?? null,
          claimId: claimId ?? null,
          ...(span.created_at !== undefined ? { createdAt: expectString(span.created_at, at(w, 'created_at')) } : {}),
          ...(span.updated_at !== undefined ? { updatedAt: expectString(span.updated_at, at(w, 'updated_at')) } : {}),
        });
        count++;
      });
    } else if (Array.isArray(record.label)) {
      record.label.forEach((triple, i) => {
        const w = at(where, `label[${i}]`);
        const [s, e, name] = expectArray(triple, w, 'a [start, end, label] triple');
        const raw = [codePointFragment(source, expectOffset(s, at(w, '0')), expectOffset(e, at(w, '1')), w)];
        sink.annotation({
          where: w,
          documentId: source.docId,
          text: source.canonical.text,
          label: expectString(name, at(w, '2'), 'a label name'),
          fragments: canonicalFragments(source, raw, w),
        });
        count++;
      });
    }
    if (record.relations !== undefined && record.relations !== null) {
      expectArray(record.relations, at(where, 'relations')).forEach((value, i) => {
        const w = at(where, `relations[${i}]`);
        const relation = expectObject(value, w);
        const id = optionalId(relation.id, at(w, 'id'));
        const type = expectString(relation.type, at(w, 'type'), 'a relation type');
        sink.relation({
          where: w,
          ...(id ? { id } : {}),
          fromId: expectString(relation.head, at(w, 'head'), 'the id of the head annotation'),
          toId: expectString(relation.child, at(w, 'child'), 'the id of the child annotation'),
          type: asRelationType(type),
          attributes: stringMap(relation.attributes, at(w, 'attributes')),
          ...(relation.note !== undefined ? { note: expectString(relation.note, at(w, 'note')) } : {}),
          ...(relation.author !== undefined ? { author: expectString(relation.author, at(w, 'author')) } : {}),
          ...(relation.created_at !== undefined
            ? { createdAt: expectString(relation.created_at, at(w, 'created_at')) }
            : {}),
        });
      });
    }
    yield count + 1;
  }
}
