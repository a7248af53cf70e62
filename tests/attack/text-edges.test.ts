/**
 * Finding 10 of the "Trust" issue: text edge cases. Search offsets must slice to the matched
 * word even when the document holds U+0001 / U+0002 (they used to be the highlight markers);
 * a label name made only of invisible characters is refused; NFC and NFD spellings of a label
 * name are one name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasVisibleCharacter } from '../../common/text.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

const open: TestWorkspace[] = [];
function workspace(): TestWorkspace {
  const t = openTestWorkspace({ seed: false });
  open.push(t);
  return t;
}
afterEach(() => {
  for (const t of open.splice(0)) t.dispose();
});

describe('finding 10: search offsets in a text that holds U+0001 / U+0002', () => {
  it('returns hits whose offsets slice to the matched word', async () => {
    const t = workspace();
    const content =
      'Header \u0001 field \u0002 separators\n' +
      '\u0001\u0002\u0001 Kharkiv was shelled \u0002 on Monday; Kharkiv\u0001 answered.\n' +
      'The \u0002\u0002 end mentions Kharkiv once more.';
    const { imported } = await t.call('documents.import', { sources: [{ name: 'controls.txt', content }] });
    const doc = await t.call('documents.get', { id: imported[0]!.id });
    expect(doc.text).toContain('\u0001');
    expect(doc.text).toContain('\u0002');

    const { hits, total } = await t.call('search.query', { query: 'Kharkiv' });
    expect(hits).toHaveLength(3);
    expect(total).toBe(3);
    for (const hit of hits) {
      expect(doc.text.slice(hit.start, hit.end)).toBe('Kharkiv');
      expect(hit.snippet).toContain('[Kharkiv]');
    }
    const starts = hits.map((h) => h.start);
    let from = 0;
    const expected: number[] = [];
    for (let i = doc.text.indexOf('Kharkiv', from); i >= 0; i = doc.text.indexOf('Kharkiv', from)) {
      expected.push(i);
      from = i + 1;
    }
    expect(starts).toEqual(expected);
  });

  it('finds the same offsets in a dataset imported from JSONL with control characters', async () => {
    const t = workspace();
    const dir = tempDir();
    const file = path.join(dir, 'controls.jsonl');
    fs.writeFileSync(file, JSON.stringify({ id: 'd1', text: 'a\u0001b\u0002 Odesa \u0001port\u0002 Odesa' }) + '\n');
    await t.call('datasets.import', { format: 'jsonl', path: file });
    const [doc] = await t.call('documents.list', {});
    const text = (await t.call('documents.get', { id: doc!.id })).text;
    const { hits } = await t.call('search.query', { query: 'Odesa' });
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual(['Odesa', 'Odesa']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('finding 10: label names', () => {
  it.each([
    ['a zero-width space', '\u200b'],
    ['zero-width joiners and a BOM', '\u200d\u200c\ufeff'],
    ['a word joiner between spaces', ' \u2060 '],
    ['combining marks only', '\u0301\u0308'],
    ['a Hangul filler', '\u3164'],
    ['a blank Braille pattern', '\u2800\u2800'],
  ])('refuses a name that is only %s with invalid_params', async (_what, name) => {
    const t = workspace();
    const before = await t.call('labels.list', {});
    await expectApiError(t.call('labels.create', { name, kind: 'entity' }), 'invalid_params');
    const [label] = before;
    await expectApiError(t.call('labels.update', { id: label!.id, name }), 'invalid_params');
    expect(await t.call('labels.list', {})).toEqual(before);
  });

  it('accepts names with a visible character, zero-width or not', () => {
    for (const name of ['Person', 'é', '😀', '#', '中', 'a\u200bb']) expect(hasVisibleCharacter(name)).toBe(true);
  });

  it('treats the NFC and NFD spellings of a name as one name, and stores it in NFC', async () => {
    const t = workspace();
    const nfd = 'E\u0301migre\u0301'; // É-migré, decomposed
    const nfc = nfd.normalize('NFC');
    expect(nfd).not.toBe(nfc);
    const created = await t.call('labels.create', { name: nfd, kind: 'entity' });
    expect(created.name).toBe(nfc);
    await expectApiError(t.call('labels.create', { name: nfc, kind: 'entity' }), 'conflict');
    await expectApiError(t.call('labels.create', { name: nfd, kind: 'source' }), 'conflict');
    await expectApiError(t.call('labels.create', { name: nfc.toLowerCase(), kind: 'entity' }), 'conflict');
    const other = await t.call('labels.create', { name: 'Other', kind: 'entity' });
    await expectApiError(t.call('labels.update', { id: other.id, name: nfd }), 'conflict');
    // Renaming a label to its own other spelling is not a clash with itself.
    expect((await t.call('labels.update', { id: created.id, name: nfd })).name).toBe(nfc);
  });

  it('finds an existing label under its other spelling in a dataset import, not a twin', async () => {
    const t = workspace();
    const nfc = 'Émigré';
    const label = await t.call('labels.create', { name: nfc, kind: 'entity' });
    const count = (await t.call('labels.list', {})).length;
    const dir = tempDir();
    const file = path.join(dir, 'nfd.jsonl');
    const text = 'An émigré came home.';
    fs.writeFileSync(file, JSON.stringify({ id: 'd1', text, label: [[3, 9, nfc.normalize('NFD')]] }) + '\n');
    await t.call('datasets.import', { format: 'doccano', path: file });
    expect((await t.call('labels.list', {})).length).toBe(count);
    const [doc] = await t.call('documents.list', {});
    const annotations = await t.call('annotations.list', { documentId: doc!.id });
    expect(annotations.map((a) => a.labelId)).toEqual([label.id]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an invisible label name in a dataset import as invalid_file', async () => {
    const t = workspace();
    const dir = tempDir();
    const file = path.join(dir, 'zw.jsonl');
    fs.writeFileSync(file, JSON.stringify({ id: 'd1', text: 'Some text.', label: [[0, 4, '\u200b']] }) + '\n');
    const before = await t.call('labels.list', {});
    await expectApiError(t.call('datasets.import', { format: 'doccano', path: file }), 'invalid_file');
    expect(await t.call('labels.list', {})).toEqual(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
