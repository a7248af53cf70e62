/**
 * brat standoff import: Triangulate's own folders (see brat-export.ts; restoring everything,
 * with the manifest and `triangulate.jsonl`) and other brat collections, a folder or one
 * `.ann`/`.txt` pair. Each `.ann` is parsed by brat-parse.ts; `T` lines become annotations (with
 * their `A`/`M` attributes, the attributes of events they trigger, `#` notes, and `N` links: to a
 * Triangulate entity or claim, or else, on a label that is not a claim label, to the entity with
 * the external id `DB:ID`); `R`, `E` and `*` become relations (an `R` with its `#` notes, and its
 * attributes from `#` comments of type `tri:NAME`). In Triangulate's own folders the
 * `status` attribute is the annotation's status, and `triangulate.jsonl` restores ids, authors,
 * timestamps, exact fragments and the relations between documents.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportSink } from '../import-sink.js';
import { checkJsonRecord, lineOffsets, readSlice, readText } from '../input.js';
import {
  asRelationType,
  excerpt,
  invalidFile,
  jsonProblem,
  type Manifest,
  type ManifestLabel,
  type Where,
} from '../model.js';
import { at, expectArray, expectObject, stringMap } from '../field-checks.js';
import { applyManifest, canonicalFragments, codePointFragment, documentMeta, sourceDocument } from './common.js';
import { CLAIM_DB, ENTITY_DB, SIDE_FILE, bratText, splitAtLineBreaks, valueToken } from './brat-shared.js';
import { parseAnn } from './brat-parse.js';

/** A document's record in `triangulate.jsonl`: facts by `T` and `R` id, and cross-document relations. */
type SideRecord = { T?: Record<string, unknown[]>; R?: Record<string, unknown[]>; links?: unknown[] };

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
      throw invalidFile({ file: sideFile, line }, `${jsonProblem(error)}.`);
    }
    return checkJsonRecord({ file: sideFile, line }, value, text);
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
    return at ? (parseSide(readSlice(sideFile, at.offset, at.bytes, at.line), at.line) as SideRecord) : {};
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
        else if (label?.kind === 'claim') {
          // Dropping it would lose what the file says without a word: refuse instead.
          throw invalidFile(
            tb.where,
            `${tb.id} is a claim, and a claim cannot link to a knowledge base entry (${excerpt(link.db)}); only entity annotations can.`,
          );
        } else {
          entityId = sink.linkedEntity(
            `${link.db}:${link.id}`,
            link.text || bratText(source.canonical.raw, tb.raw),
            'other',
            tb.where,
          );
        }
      }
      const facts = (record.T?.[tb.id] ?? []) as unknown[];
      // Triangulate's own fragments, where brat's line-break split changed them.
      const exactWhere = { file: sideFile, field: `${docKey}.T.${tb.id}[4]` };
      const exact =
        facts[4] !== undefined && facts[4] !== null
          ? expectArray(facts[4], exactWhere, 'an array of [start, end] pairs').map((pair, k) => {
              const w = { file: sideFile, field: `${docKey}.T.${tb.id}[4][${k}]` };
              const [a, b] = Array.isArray(pair) ? (pair as unknown[]) : [];
              if (typeof a !== 'number' || typeof b !== 'number') throw invalidFile(w, 'expected a [start, end] pair.');
              return codePointFragment(source, a, b, w);
            })
          : null;
      // They stand for the .ann's offsets only where cutting them at line breaks gives those offsets.
      const cut = exact && splitAtLineBreaks(source.canonical.raw, exact);
      if (
        cut &&
        (cut.length !== tb.raw.length || cut.some((f, k) => f.start !== tb.raw[k]?.start || f.end !== tb.raw[k]?.end))
      ) {
        throw invalidFile(
          { ...tb.where, field: 'offsets' },
          `the exact fragments ${SIDE_FILE} keeps for ${excerpt(tb.id)} do not match its offsets here; one of the two files was changed after the export.`,
        );
      }
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
        type: asRelationType(rel.type),
        attributes: Object.fromEntries(rel.id ? (parsed.commentAttributes.get(rel.id) ?? []) : []),
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
      attributes: stringMap(link.attributes, at(where, 'attributes')),
      ...(typeof link.note === 'string' ? { note: link.note } : {}),
      ...(typeof link.author === 'string' ? { author: link.author } : {}),
      ...(typeof link.created_at === 'string' ? { createdAt: link.created_at } : {}),
    });
  }
}
