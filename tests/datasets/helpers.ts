/**
 * Helpers for the dataset tests: the interop oracle folder, a W3C Web Annotation validator built
 * from the W3C test-suite schemas (draft-04, every MUST assertion), a richly annotated workspace,
 * and small readers for exported files.
 */
import fs from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import type { Fragment } from '../../common/domain.js';
import { prepareDocument, writeDocuments } from '../../db/import/documents.js';
import type { Workspace } from '../../db/workspace.js';
import { REPO_ROOT } from '../helpers.js';
import { createAnnotation } from '../../db/annotations.js';
import { createClaim } from '../../db/claims.js';
import { listDocuments } from '../../db/documents.js';
import { createEntity } from '../../db/entities.js';
import { createLabel } from '../../db/labels.js';
import { createNote } from '../../db/notes.js';
import { createRelation } from '../../db/relations.js';

/**
 * The third-party oracle files, shipped with the tests: tests/fixtures/interop (sources, upstream
 * commits and licences in its SOURCES.md and the licence files beside the data).
 */
const INTEROP = path.join(REPO_ROOT, 'tests', 'fixtures', 'interop');

export function interop(...parts: string[]): string {
  return path.join(INTEROP, ...parts);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;

export interface W3cValidator {
  /** The MUST assertions an annotation fails (empty when it passes them all). */
  annotation(value: unknown): string[];
  collection(value: unknown): string[];
  page(value: unknown): string[];
}

/** Compiles the MUST assertions listed by the test suite's `*Musts.test` manifests. */
export function w3cValidator(): W3cValidator {
  const root = interop('w3c-web-annotation-tests');
  // The package is CommonJS: its default export is the class under `default` once compiled.
  const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as typeof AjvDraft04.default;
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addFormat('uri', URI);
  ajv.addFormat('date-time', RFC3339);
  for (const name of fs.readdirSync(path.join(root, 'definitions'))) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(root, 'definitions', name), 'utf8')) as object);
  }
  const compiled = new Map<string, ValidateFunction>();
  const musts = (list: string): Array<[string, ValidateFunction]> =>
    (JSON.parse(fs.readFileSync(path.join(root, list), 'utf8')) as { assertions: string[] }).assertions.map((file) => {
      let validate = compiled.get(file);
      if (!validate) {
        const schema = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
        delete schema.id;
        validate = ajv.compile(schema);
        compiled.set(file, validate);
      }
      return [file, validate] as [string, ValidateFunction];
    });
  const check = (assertions: Array<[string, ValidateFunction]>) => (value: unknown) =>
    assertions.filter(([, validate]) => !validate(value)).map(([file]) => file);
  return {
    annotation: check(musts('annotations/annotationMusts.test')),
    collection: check(musts('collections/collectionMusts.test')),
    page: check(musts('collections/pages/pageMusts.test')),
  };
}

// ---------------------------------------------------------------------------------------------
// An annotated workspace

/** Raw text of an extra document: CRLF line ends, non-BMP characters, right-to-left scripts. */
export const MIXED_TEXT =
  'Report 🌍 from بغداد: the 𝒞enter said “IS” is 👩‍👩‍👧 strong.\r\n' +
  'Second line — עברית here, and Daesh again.\r\n\r\n' +
  'Third paragraph: Iraq, Iran, Syria and Russia.\r\n';

export interface AnnotatedWorkspace {
  mixedDocumentId: string;
  counts: { annotations: number; relations: number };
}

/** Occurrences of `needle` in a document, as fragments. */
export function occurrences(ws: Workspace, documentId: string, needle: string, limit = Infinity): Fragment[] {
  const text = ws.documentText(documentId);
  const out: Fragment[] = [];
  for (let i = text.indexOf(needle); i >= 0 && out.length < limit; i = text.indexOf(needle, i + 1)) {
    out.push({ start: i, end: i + needle.length });
  }
  return out;
}

/**
 * Annotates the seed corpus (plus one mixed-script CRLF document): entities with aliases and
 * external ids, claims with stances across outlets, sources, relations within and across
 * documents (with attributes: a source's stance and cue), nested, overlapping and discontinuous
 * spans, spans across line breaks, every status, notes with line breaks and tabs, a custom label
 * with a space in its name and in a value.
 */
export function annotate(ws: Workspace): AnnotatedWorkspace {
  writeDocuments(
    ws,
    [prepareDocument({ name: 'mixed.txt', content: MIXED_TEXT }, { title: 'Mixed scripts', outlet: 'Test Wire' })],
    'done',
  );
  const mixed = listDocuments(ws).find((d) => d.title === 'Mixed scripts');
  if (!mixed) throw new Error('mixed document missing');
  const isis = createEntity(ws, {
    name: 'Islamic State',
    type: 'group',
    aliases: ['ISIS', 'IS', 'Daesh', 'ISIL'],
    externalId: 'Q2429253',
    note: 'Also “DAESH”.\nSee the alias list.',
  });
  const iraq = createEntity(ws, { name: 'Iraq', type: 'country' });
  const centre = createClaim(ws, {
    summary: 'Russia, Iran, Iraq and Syria set up a joint information centre in Baghdad',
    note: 'The core claim of the corpus.',
  });
  const base = createClaim(ws, { summary: 'Russia builds a military base in Latakia' });
  const keyFigure = createLabel(ws, {
    name: 'Key figure',
    kind: 'entity',
    subtype: 'person',
    attributes: [{ name: 'confidence', values: ['very high', 'low'] }],
  });
  const stances = ['asserted', 'reported', 'denied', 'questioned'];
  const statuses = ['accepted', 'proposed', 'rejected'] as const;
  let annotations = 0;
  let relations = 0;
  const docs = listDocuments(ws);
  const created: string[] = [];
  const claimIds: string[] = [];
  docs.forEach((doc, d) => {
    const text = ws.documentText(doc.id);
    for (const [k, f] of occurrences(ws, doc.id, 'Iraq', 4).entries()) {
      created.push(
        createAnnotation(ws, {
          documentId: doc.id,
          labelId: 'country',
          fragments: [f],
          entityId: iraq.id,
          status: statuses[(k + d) % 3],
        }).id,
      );
      annotations++;
    }
    for (const name of ['ISIS', 'Daesh']) {
      for (const f of occurrences(ws, doc.id, name, 2)) {
        createAnnotation(ws, { documentId: doc.id, labelId: 'armed-group', fragments: [f], entityId: isis.id });
        annotations++;
      }
    }
    // A claim across a line break, with the entity mentions nested in it.
    const nl = text.indexOf('\n', Math.floor(text.length / 3));
    if (nl > 40 && nl + 40 < text.length) {
      const claim = createAnnotation(ws, {
        documentId: doc.id,
        labelId: 'claim',
        fragments: [{ start: nl - 30, end: nl + 25 }],
        claimId: (d % 2 ? base : centre).id,
        attributes: { stance: stances[d % 4] as string },
        note: `Across a line break.\tTabbed, with a backslash \\ too.`,
      });
      annotations++;
      // Overlapping claim, and a discontinuous source.
      const overlap = createAnnotation(ws, {
        documentId: doc.id,
        labelId: 'claim',
        fragments: [{ start: nl - 10, end: nl + 40 }],
        claimId: centre.id,
        attributes: { stance: 'reported' },
        status: 'proposed',
      });
      const source = createAnnotation(ws, {
        documentId: doc.id,
        labelId: 'source',
        fragments: [
          { start: 5, end: 12 },
          { start: 20, end: 26 },
        ],
      });
      annotations += 2;
      createRelation(ws, {
        fromId: claim.id,
        toId: source.id,
        type: 'attributed_to',
        note: 'per the lede',
        // The source's own stance and the cue: a tab, a backslash, quotes, a comma and a pipe to escape.
        attributes: { stance: stances[(d + 1) % 4] as string, cue: `told “RT”,\tper ${d} | \\ agencies` },
      });
      createRelation(ws, { fromId: overlap.id, toId: claim.id, type: 'supports' });
      relations += 2;
      claimIds.push(claim.id);
    }
  });
  // The mixed document: emoji, Arabic, Hebrew, a mathematical letter, a ZWJ sequence.
  const mixedText = ws.documentText(mixed.id);
  for (const [needle, label] of [
    ['🌍', 'place'],
    ['بغداد', 'place'],
    ['𝒞enter', 'organization'],
    ['👩‍👩‍👧', 'key-figure'],
    ['עברית', 'place'],
  ] as const) {
    const i = mixedText.indexOf(needle);
    createAnnotation(ws, {
      documentId: mixed.id,
      labelId: label === 'key-figure' ? keyFigure.id : label,
      fragments: [{ start: i, end: i + needle.length }],
      ...(label === 'key-figure' ? { attributes: { confidence: 'very high' } } : {}),
    });
    annotations++;
  }
  const isIndex = mixedText.indexOf('IS');
  const daesh = mixedText.indexOf('Daesh');
  createAnnotation(ws, {
    documentId: mixed.id,
    labelId: 'armed-group',
    fragments: [
      { start: isIndex, end: isIndex + 2 },
      { start: daesh, end: daesh + 5 },
    ],
    entityId: isis.id,
    note: 'Discontinuous: two names in one mention.',
  });
  annotations++;
  // A relation across documents.
  const [first, second] = claimIds;
  if (first && second) {
    createRelation(ws, { fromId: second, toId: first, type: 'same_as', attributes: { basis: 'paraphrase' } });
    relations++;
  }
  createNote(ws, { targetId: isis.id, body: 'Check the alias list\nagainst the style guide.' });
  createNote(ws, { targetId: null, body: 'Workspace note: second reading pending.' });
  createNote(ws, { targetId: mixed.id, body: 'A made-up document for scripts.' });
  return { mixedDocumentId: mixed.id, counts: { annotations, relations } };
}

/** Code-point slice, as Python's `text[start:end]`. */
export function pySlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

/** Every file under a folder (relative paths) with its bytes, for byte-identity checks. */
export function snapshotFiles(paths: string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const add = (p: string, rel: string) => {
    if (fs.statSync(p).isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) add(path.join(p, name), path.join(rel, name));
    } else out.set(rel, fs.readFileSync(p));
  };
  for (const p of paths) add(p, path.basename(p));
  return out;
}

/** Lines of a JSONL file as parsed values. */
export function readJsonl(file: string): unknown[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as unknown);
}

/** A test-friendly task context with the manifest time fixed. */
export function task(overrides: Partial<{ taskId: string; isCancelled: () => boolean }> = {}) {
  return { taskId: 'test-task', isCancelled: () => false, now: '2024-01-02T03:04:05Z', ...overrides };
}
