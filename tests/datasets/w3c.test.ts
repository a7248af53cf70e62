/**
 * W3C Web Annotation export and import. Every exported annotation (and the collection and its
 * page) passes every MUST assertion of the W3C test suite (tests/fixtures/interop), positions are code
 * points, and annotations from other tools anchor by position or by quote.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDataset, importDataset } from '../../db/datasets/index.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { annotate, interop, pySlice, readJsonl, task, w3cValidator, type W3cValidator } from './helpers.js';
import { listAnnotations } from '../../db/annotations.js';
import { listDocuments } from '../../db/documents.js';
import { getEntity } from '../../db/entities.js';
import { getLabel } from '../../db/labels.js';
import { workspaceStats } from '../../db/stats.js';

let t: TestWorkspace;
let dir: string;
let validator: W3cValidator | null = null;

beforeEach(() => {
  t = openTestWorkspace();
  annotate(t.ws);
  dir = tempDir('triangulate-w3c-');
});

afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Anno = Record<string, unknown> & {
  id: string;
  body: Array<Record<string, unknown>>;
  target: unknown;
};

function collectionOf(file: string): { collection: Record<string, unknown>; items: Anno[] } {
  const collection = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const first = collection.first as { items: Anno[] };
  return { collection, items: first.items };
}

describe('against the W3C test-suite schemas', () => {
  beforeEach(() => {
    validator ??= w3cValidator();
  });

  it('every annotation of the collection layout passes every MUST assertion, and so do the collection and its page', async () => {
    const out = path.join(dir, 'anno.jsonld');
    await exportDataset(t.ws, { format: 'w3c', outPath: out }, task());
    const { collection, items } = collectionOf(out);
    expect(items.length).toBe(workspaceStats(t.ws).annotations + workspaceStats(t.ws).relations);
    for (const item of items) expect(validator?.annotation(item), item.id).toEqual([]);
    expect(validator?.collection(collection)).toEqual([]);
    // The suite checks a page on its own or as the page embedded in its collection: both pass.
    const page = { '@context': collection['@context'], ...(collection.first as object) };
    expect(validator?.page(page)).toEqual([]);
    expect(validator?.page(collection)).toEqual([]);
    expect(collection).toMatchObject({ type: 'AnnotationCollection', total: items.length });
    expect(collection.last).toBe((collection.first as { id: string }).id);
  });

  it('every line of the one-annotation-per-line layout passes every MUST assertion', async () => {
    const out = path.join(dir, 'anno.jsonl');
    await exportDataset(t.ws, { format: 'w3c', outPath: out }, task());
    const lines = readJsonl(out) as Anno[];
    expect(lines.length).toBe(workspaceStats(t.ws).annotations + workspaceStats(t.ws).relations);
    for (const line of lines) expect(validator?.annotation(line), line.id).toEqual([]);
  });

  it('the validator itself agrees with the suite: its correct samples pass, its incorrect ones fail', () => {
    const samples = interop('w3c-web-annotation-tests', 'tools', 'samples');
    const parse = (file: string): unknown => {
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        return undefined;
      }
    };
    const correct = fs.readdirSync(path.join(samples, 'correct'));
    const passing = correct.filter((f) => validator?.annotation(parse(path.join(samples, 'correct', f))).length === 0);
    // anno11-13 (Composite/List/Independents targets) and the collection examples are not single annotations.
    expect(correct.filter((f) => !passing.includes(f)).sort()).toEqual([
      'anno11.json',
      'anno12.json',
      'anno13.json',
      'collection1.json',
      'example41.json',
      'example42.json',
      'example43.json',
    ]);
    for (const f of fs.readdirSync(path.join(samples, 'incorrect'))) {
      const value = parse(path.join(samples, 'incorrect', f));
      if (value !== undefined) expect(validator?.annotation(value).length, f).toBeGreaterThan(0);
    }
  });
});

describe('the annotations', () => {
  it('select each fragment by quote and by code-point position, with label, link, stance and note bodies', async () => {
    const out = path.join(dir, 'anno.jsonl');
    await exportDataset(t.ws, { format: 'w3c', outPath: out }, task());
    const manifest = JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8')) as {
      documents: Array<{ id: string; text: string }>;
    };
    const texts = new Map(manifest.documents.map((d) => [`urn:triangulate:document:${d.id}`, d.text]));
    const byId = new Map(listAnnotations(t.ws, {}).map((a) => [`urn:triangulate:annotation:${a.id}`, a]));
    for (const item of readJsonl(out) as Anno[]) {
      if (item.motivation === 'linking') continue;
      const annotation = byId.get(item.id);
      expect(annotation).toBeDefined();
      const targets = (Array.isArray(item.target) ? item.target : [item.target]) as Array<{
        source: string;
        selector: Array<Record<string, unknown>>;
      }>;
      expect(targets).toHaveLength(annotation?.fragments.length ?? -1);
      for (const target of targets) {
        const text = texts.get(target.source) as string;
        const quote = target.selector.find((s) => s.type === 'TextQuoteSelector') as { exact: string };
        const position = target.selector.find((s) => s.type === 'TextPositionSelector') as {
          start: number;
          end: number;
        };
        expect(pySlice(text, position.start, position.end)).toBe(quote.exact);
      }
      const label = item.body.find((b) => b.purpose === 'tagging');
      expect(label?.value).toBe(getLabel(t.ws, annotation?.labelId as string).name);
      if (annotation?.entityId) {
        expect(item.body).toContainEqual({
          type: 'SpecificResource',
          purpose: 'identifying',
          source: `urn:triangulate:entity:${annotation.entityId}`,
        });
      }
      if (annotation?.attributes.stance) {
        expect(item.body).toContainEqual({
          type: 'TextualBody',
          purpose: 'classifying',
          value: annotation.attributes.stance,
          'tri:attribute': 'stance',
        });
      }
      if (annotation?.note)
        expect(item.body).toContainEqual({ type: 'TextualBody', purpose: 'commenting', value: annotation.note });
      expect(item['tri:status']).toBe(annotation?.status);
      expect(item.creator).toEqual({ type: 'Person', name: annotation?.author });
    }
  });

  it('places the emoji, Arabic and Hebrew spans of the mixed document at code-point positions', async () => {
    const out = path.join(dir, 'anno.jsonl');
    await exportDataset(t.ws, { format: 'w3c', outPath: out }, task());
    const exacts = (readJsonl(out) as Anno[])
      .filter((i) => i.motivation !== 'linking')
      .flatMap(
        (i) => (Array.isArray(i.target) ? i.target : [i.target]) as Array<{ selector: Array<Record<string, unknown>> }>,
      )
      .map((target) => target.selector.find((s) => s.type === 'TextPositionSelector'));
    const emoji = (readJsonl(out) as Anno[]).find((i) => i.body.some((b) => b.value === 'Place'));
    expect(emoji).toBeDefined();
    expect(exacts.length).toBeGreaterThan(0);
    const mixed = listDocuments(t.ws).find((d) => d.title === 'Mixed scripts');
    const text = t.ws.documentText(mixed?.id as string);
    const globe = text.indexOf('🌍');
    const found = (readJsonl(out) as Anno[]).find((i) => JSON.stringify(i.target).includes('"exact":"🌍"')) as Anno;
    const selector = (found.target as { selector: Array<{ type: string; start?: number }> }).selector.find(
      (s) => s.type === 'TextPositionSelector',
    );
    expect(selector?.start).toBe(Array.from(text.slice(0, globe)).length);
  });
});

describe('importing annotations written by other tools', () => {
  function write(name: string, value: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
    return file;
  }

  it('anchors by quote with prefix and suffix, reads creator, links an identifying body to an external entity', async () => {
    const doc = listDocuments(t.ws)[0];
    const text = t.ws.documentText(doc?.id as string);
    const i = text.indexOf('Baghdad');
    const file = write('hypothesis.json', {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'https://example.org/anno/1',
      type: 'Annotation',
      motivation: 'identifying',
      creator: { type: 'Person', name: 'Reviewer' },
      created: '2020-05-05T10:00:00Z',
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'Place' },
        { type: 'SpecificResource', purpose: 'identifying', source: 'http://www.wikidata.org/entity/Q1530' },
      ],
      target: {
        source: `urn:triangulate:document:${doc?.id}`,
        selector: {
          type: 'TextQuoteSelector',
          exact: 'Baghdad',
          prefix: text.slice(Math.max(0, i - 10), i),
          suffix: text.slice(i + 7, i + 17),
        },
      },
    });
    const result = await importDataset(t.ws, { format: 'w3c', path: file }, task());
    expect(result).toMatchObject({ documents: 1, annotations: 1, entities: 1 });
    const created = listAnnotations(t.ws, {}).find((a) => a.author === 'Reviewer');
    expect(created).toMatchObject({
      fragments: [{ start: i, end: i + 7 }],
      createdAt: '2020-05-05T10:00:00Z',
      labelId: 'place',
      status: 'accepted',
    });
    const entity = getEntity(t.ws, created?.entityId as string);
    expect(entity).toMatchObject({ externalId: 'http://www.wikidata.org/entity/Q1530', name: 'Baghdad' });
  });

  it('reports a quote that occurs several times without context, a quote that disagrees with its position, and an unknown document', async () => {
    const doc = listDocuments(t.ws)[0];
    const base = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      body: { type: 'TextualBody', purpose: 'tagging', value: 'Country' },
    };
    const ambiguous = write('a.json', {
      ...base,
      id: 'urn:x:1',
      target: { source: `urn:triangulate:document:${doc?.id}`, selector: { type: 'TextQuoteSelector', exact: 'Iraq' } },
    });
    expect(
      (await expectApiError(importDataset(t.ws, { format: 'w3c', path: ambiguous }, task()), 'invalid_range')).message,
    ).toMatch(/occurs \d+ times/);
    const wrong = write('b.json', {
      ...base,
      id: 'urn:x:2',
      target: {
        source: `urn:triangulate:document:${doc?.id}`,
        selector: [
          { type: 'TextPositionSelector', start: 0, end: 4 },
          { type: 'TextQuoteSelector', exact: 'Nope' },
        ],
      },
    });
    expect(
      (await expectApiError(importDataset(t.ws, { format: 'w3c', path: wrong }, task()), 'invalid_range')).message,
    ).toMatch(/b\.json, line 1, field “target\.selector”: .*"Nope"/);
    const stranger = write('c.json', {
      ...base,
      id: 'urn:x:3',
      target: { source: 'http://example.com/page1', selector: { type: 'TextQuoteSelector', exact: 'x' } },
    });
    expect(
      (await expectApiError(importDataset(t.ws, { format: 'w3c', path: stranger }, task()), 'invalid_file')).message,
    ).toMatch(/not a document of this workspace/);
    expect(listAnnotations(t.ws, {}).every((a) => a.author !== 'Reviewer')).toBe(true);
  });

  it('refuses the suite samples, whose targets are web pages it does not hold, saying so', async () => {
    const sample = interop('w3c-web-annotation-tests', 'tools', 'samples', 'correct', 'anno1.json');
    const error = await expectApiError(importDataset(t.ws, { format: 'w3c', path: sample }, task()), 'invalid_file');
    expect(error.message).toMatch(/anno1\.json, line 1, field “target”: the target "http:\/\/example\.com\/page1"/);
  });
});
