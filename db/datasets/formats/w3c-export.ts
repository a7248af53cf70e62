/**
 * W3C Web Annotation (JSON-LD) export. Each annotation targets its document
 * (`urn:triangulate:document:ID`) with one SpecificResource per fragment, each selected by a
 * TextQuoteSelector and a TextPositionSelector (see w3c-selectors.ts). Bodies: the label
 * (tagging), the entity or claim link (identifying), each attribute such as the claim's stance
 * (classifying, with `tri:attribute` naming it) and the note (commenting); `tri:status` holds the
 * status. A relation is an annotation with motivation `linking` whose target is the head
 * annotation and whose bodies are the child, the relation type (tagging), one `classifying` body
 * per attribute (an attributed source's stance and cue, `tri:attribute` naming it) and its note.
 *
 * Two layouts: `PATH.jsonl` / `PATH.ndjson` hold one annotation per line; any other name holds an
 * AnnotationCollection whose single embedded AnnotationPage lists every annotation, one per line
 * (so that it streams both ways). The manifest sidecar carries the document texts. w3c-import.ts
 * reads both layouts back.
 */
import path from 'node:path';
import { URN, VOCAB, urn } from '../model.js';
import type { OutputFile } from '../output.js';
import { decodeFragments } from '../../rows.js';
import { closeInto, sortedAttributes, type ExportContext, type ExportDocument, type FormatExporter } from './common.js';
import { textSelectors } from './w3c-selectors.js';

const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const CONTEXT = [ANNO_CONTEXT, { tri: VOCAB }];

/** True when the W3C export to `outPath` writes one annotation per line. */
export function isLineLayout(outPath: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(outPath);
}

/** An annotation as a W3C Annotation with motivation `tagging`. */
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
    return { type: 'SpecificResource', source, selector: textSelectors(doc.text, doc.cp, f) };
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

/** A relation as a W3C Annotation with motivation `linking`. */
function relationItem(r: ExportDocument['relations'][number]): unknown {
  const body: unknown[] = [
    { type: 'SpecificResource', purpose: 'linking', source: urn(URN.annotation, r.to_id) },
    { type: 'TextualBody', purpose: 'tagging', value: r.type },
  ];
  // One body per attribute, as on annotations: an attributed source's stance, the cue.
  for (const [name, value] of Object.entries(sortedAttributes(r.attributes))) {
    body.push({ type: 'TextualBody', purpose: 'classifying', value, 'tri:attribute': name });
  }
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

/** The W3C writer: one annotation per item, in either layout (see {@link isLineLayout}). */
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
