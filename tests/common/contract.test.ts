/**
 * The API contract: the merged method table refuses a duplicate name and a name filed under the
 * wrong namespace; every method has a description and a params schema that refuses unknown keys;
 * and the result schemas of the methods whose results cross machines accept what the workspace
 * really returns and refuse a wrong shape.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  METHOD_NAMES,
  datasetExportResult,
  datasetImportResult,
  documentImportResult,
  isMethodName,
  mergeMethods,
  method,
  methods,
} from '../../common/contract.js';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

const ping = method<{ ok: true }>()(z.strictObject({}), 'Answers.');

describe('mergeMethods', () => {
  it('merges namespace maps in order', () => {
    const merged = mergeMethods(['alpha', { 'alpha.ping': ping }], ['beta', { 'beta.ping': ping, 'beta.pong': ping }]);
    expect(Object.keys(merged)).toEqual(['alpha.ping', 'beta.ping', 'beta.pong']);
    expect(merged['beta.pong']).toBe(ping);
  });

  it('refuses a method name declared twice, naming it', () => {
    expect(() => mergeMethods(['alpha', { 'alpha.ping': ping }], ['alpha', { 'alpha.ping': ping }])).toThrow(
      /"alpha\.ping" is declared twice/,
    );
  });

  it('refuses a method filed under the wrong namespace, naming it', () => {
    expect(() => mergeMethods(['alpha', { 'alpha.ping': ping }], ['beta', { 'alpha.pong': ping }])).toThrow(
      /"alpha\.pong" is declared in the beta namespace/,
    );
    expect(() => mergeMethods(['alpha', { alphaping: ping }])).toThrow(/"alphaping"/);
    expect(() => mergeMethods(['alpha', { 'alpha.': ping }])).toThrow(/"alpha\."/);
  });
});

describe('the method table', () => {
  it('names every method namespace.verb, each once', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(40);
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
    for (const name of METHOD_NAMES) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    expect(isMethodName('annotations.create')).toBe(true);
    expect(isMethodName('annotations.explode')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
  });

  it.each(METHOD_NAMES)('%s has a description and a params object that refuses unknown keys', (name) => {
    const spec = methods[name];
    expect(spec.description.trim().length).toBeGreaterThan(10);
    expect(spec.params).toBeInstanceOf(z.ZodObject);
    const parsed = spec.params.safeParse({ notAParam: 1 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });

  it('carries the result schemas on the methods whose results cross machines', () => {
    expect(methods['documents.import'].resultSchema).toBe(documentImportResult);
    expect(methods['datasets.export'].resultSchema).toBe(datasetExportResult);
    expect(methods['datasets.import'].resultSchema).toBe(datasetImportResult);
  });
});

describe('result schemas', () => {
  const exportSample = {
    format: 'jsonl',
    outPath: '/tmp/out.jsonl',
    files: ['/tmp/out.jsonl', '/tmp/out.jsonl.manifest.json'],
    documents: 3,
    annotations: 12,
  };
  const importSample = { documents: 2, annotations: 2, entities: 0, claims: 0, relations: 1 };

  it('accept a sample of each dataset result', () => {
    expect(datasetExportResult.parse(exportSample)).toEqual(exportSample);
    expect(datasetImportResult.parse(importSample)).toEqual(importSample);
  });

  it.each([
    ['an unknown format', { ...exportSample, format: 'xml' }],
    ['a missing field', { format: 'jsonl', outPath: '/tmp/out.jsonl', files: [], documents: 1 }],
    ['a count as text', { ...exportSample, documents: '3' }],
    ['an extra field', { ...exportSample, bytes: 10 }],
  ])('refuse a dataset export result with %s', (_, value) => {
    expect(datasetExportResult.safeParse(value).success).toBe(false);
  });

  it.each([
    ['a negative count', { ...importSample, claims: -1 }],
    ['a fractional count', { ...importSample, documents: 1.5 }],
    ['an export result', exportSample],
  ])('refuse a dataset import result with %s', (_, value) => {
    expect(datasetImportResult.safeParse(value).success).toBe(false);
  });

  it('refuse a documents import result whose skip reason is unknown', () => {
    const skipped = [{ name: 'a.txt', documentId: 'doc_1', reason: 'too big' }];
    expect(documentImportResult.safeParse({ imported: [], skipped }).success).toBe(false);
  });
});

describe('result schemas against real results', () => {
  let source: TestWorkspace;
  let target: TestWorkspace;
  let dir: string;
  beforeEach(() => {
    source = openTestWorkspace();
    target = openTestWorkspace({ seed: false });
    dir = tempDir();
  });
  afterEach(() => {
    source.dispose();
    target.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('parse what documents.import returns, imported and skipped', async () => {
    const sources = [{ name: 'note.txt', content: 'A short note about the Strait of Hormuz.' }];
    const first = await target.call('documents.import', { sources });
    expect(first.imported).toHaveLength(1);
    expect(documentImportResult.parse(first)).toEqual(first);
    const again = await target.call('documents.import', { sources });
    expect(again.skipped).toHaveLength(1);
    expect(documentImportResult.parse(again)).toEqual(again);
  });

  it('parse what datasets.export and datasets.import return', async () => {
    const [document] = await source.call('documents.list', {});
    const [label] = await source.call('labels.list', {});
    if (!document || !label) throw new Error('the seeded workspace has a document and a label');
    const first = { documentId: document.id, labelId: label.id, status: 'accepted' } as const;
    const a = await source.call('annotations.create', { ...first, fragments: [{ start: 0, end: 5 }] });
    const b = await source.call('annotations.create', { ...first, fragments: [{ start: 10, end: 20 }] });
    await source.call('relations.create', { fromId: a.id, toId: b.id, type: 'attributed_to' });
    for (const format of ['jsonl', 'brat', 'csv'] as const) {
      const outPath = path.join(dir, `out-${format}`);
      const exported = await source.call('datasets.export', { format, outPath });
      expect(exported.annotations).toBeGreaterThan(0);
      expect(datasetExportResult.parse(exported)).toEqual(exported);
    }
    const imported = await target.call('datasets.import', { format: 'jsonl', path: path.join(dir, 'out-jsonl') });
    expect(imported).toMatchObject({ annotations: 2, relations: 1 });
    expect(datasetImportResult.parse(imported)).toEqual(imported);
  });
});
