/**
 * What a bad file does: an error that names the file, line and field and says what was expected;
 * offsets that do not fit reported as invalid_range; nothing imported (one transaction); and the
 * other ways an import ends early (cancel, unreadable files, a manifest from the future).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../common/contract.js';
import { exportDataset, importDataset } from '../../db/datasets/index.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { annotate, task } from './helpers.js';
import { listHistory } from '../../db/history.js';
import { workspaceStats } from '../../db/stats.js';

let t: TestWorkspace;
let dir: string;

beforeEach(() => {
  t = openTestWorkspace();
  dir = tempDir('triangulate-import-errors-');
});

afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function jsonl(name: string, records: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
  return file;
}

const good = { text: 'Reuters said Iraq denied it.', spans: [{ start: 0, end: 7, label: 'Source', text: 'Reuters' }] };

/** Imports `file`, expects `code`, checks nothing changed; returns the message. */
async function refused(file: string, code: string, format: 'jsonl' | 'doccano' | 'prodigy' = 'jsonl'): Promise<string> {
  const stats = workspaceStats(t.ws);
  const history = listHistory(t.ws, 1)[0]?.id;
  const error = await expectApiError(importDataset(t.ws, { format, path: file }, task()), code);
  expect(workspaceStats(t.ws)).toEqual(stats);
  expect(listHistory(t.ws, 1)[0]?.id).toBe(history);
  return error.message;
}

describe('a bad record anywhere imports nothing, and the error says where and what', () => {
  it('invalid JSON', async () => {
    const file = jsonl('a.jsonl', [good, '{"text": "x", "spans": [}']);
    expect(await refused(file, 'invalid_file')).toMatch(
      /^a\.jsonl, line 2: not valid JSON: unexpected "}"; expected one JSON object per line\.$/,
    );
  });

  it('a span beyond the text, a reversed span, a span whose text differs', async () => {
    expect(
      await refused(
        jsonl('b.jsonl', [good, { text: 'abc', spans: [{ start: 1, end: 9, label: 'X' }] }]),
        'invalid_range',
      ),
    ).toBe('b.jsonl, line 2, field “spans[0]”: the range [1, 9) lies outside the text (0 to 3 code points).');
    expect(
      await refused(jsonl('c.jsonl', [{ text: 'abc', spans: [{ start: 2, end: 1, label: 'X' }] }]), 'invalid_range'),
    ).toMatch(/c\.jsonl, line 1, field “spans\[0\]”: the range \[2, 1\) is empty or reversed/);
    expect(
      await refused(
        jsonl('d.jsonl', [{ text: 'Reuters said', spans: [{ start: 0, end: 7, label: 'Source', text: 'Reuter' }] }]),
        'invalid_range',
      ),
    ).toMatch(
      /d\.jsonl, line 1, field “spans\[0\]\.text”: the text at these offsets is "Reuters" but the file says "Reuter"/,
    );
  });

  it('a field of the wrong type, an unknown status, a claim link on an entity label, a malformed date', async () => {
    expect(
      await refused(jsonl('e.jsonl', [{ text: 'abc', spans: [{ start: '0', end: 1, label: 'X' }] }]), 'invalid_file'),
    ).toBe('e.jsonl, line 1, field “spans[0].start”: expected a character offset (a whole number ≥ 0), found "0".');
    expect(
      await refused(
        jsonl('f.jsonl', [{ text: 'abc', spans: [{ start: 0, end: 1, label: 'X', status: 'maybe' }] }]),
        'invalid_file',
      ),
    ).toBe('f.jsonl, line 1, field “spans[0].status”: expected one of proposed, accepted, rejected, found "maybe".');
    expect(
      await refused(
        jsonl('g.jsonl', [{ text: 'abc', spans: [{ start: 0, end: 1, label: 'Country', claim_id: 'clm_1' }] }]),
        'invalid_file',
      ),
    ).toMatch(
      /g\.jsonl, line 1, field “spans\[0\]\.claim”: Only claim annotations link to a claim; “Country” is a entity label/,
    );
    expect(
      await refused(
        jsonl('h.jsonl', [{ text: 'abc', spans: [{ start: 0, end: 1, label: 'X', created_at: 'yesterday' }] }]),
        'invalid_file',
      ),
    ).toMatch(
      /h\.jsonl, line 1, field “spans\[0\]\.created_at”: expected a date and time such as 2015-09-27T10:00:00Z, found "yesterday"/,
    );
  });

  it('a relation to an annotation that exists neither in the file nor in the workspace', async () => {
    const file = jsonl('i.jsonl', [
      {
        ...good,
        spans: [{ ...good.spans[0], id: 'ann_1' }],
        relations: [{ head: 'ann_1', child: 'ann_404', type: 'cites' }],
      },
    ]);
    expect(await refused(file, 'invalid_file')).toBe(
      'i.jsonl, line 1, field “relations[0].child”: the relation\'s child "ann_404" is not an annotation of this file or of the workspace.',
    );
  });

  it('unreadable files: missing, binary, not UTF-8, a folder', async () => {
    expect(await refused(path.join(dir, 'missing.jsonl'), 'invalid_file')).toMatch(/missing\.jsonl does not exist/);
    const binary = path.join(dir, 'bin.jsonl');
    fs.writeFileSync(binary, Buffer.from([0x7b, 0x00, 0x01, 0x02]));
    expect(await refused(binary, 'invalid_file')).toMatch(/^bin\.jsonl: looks like a binary file/);
    const latin1 = path.join(dir, 'latin1.jsonl');
    fs.writeFileSync(latin1, Buffer.from('{"text": "caf\xe9"}\n', 'latin1'));
    expect(await refused(latin1, 'invalid_file')).toMatch(/^latin1\.jsonl: is not valid UTF-8/);
    expect(await refused(dir, 'invalid_file')).toMatch(/is a folder; a jsonl import reads a file/);
  });

  it('a manifest from a newer version, or one that contradicts the tagset', async () => {
    const file = jsonl('m.jsonl', [good]);
    fs.writeFileSync(`${file}.manifest.json`, JSON.stringify({ kind: 'triangulate-dataset', version: 99 }));
    expect(await refused(file, 'invalid_file')).toMatch(
      /^m\.jsonl\.manifest\.json, field “version”: this manifest has layout 99/,
    );
    fs.writeFileSync(
      `${file}.manifest.json`,
      JSON.stringify({
        kind: 'triangulate-dataset',
        version: 1,
        tagset: [{ name: 'Source', kind: 'claim' }],
        documents: [],
        entities: [],
        claims: [],
        notes: [],
      }),
    );
    expect(await refused(file, 'invalid_file')).toMatch(
      /field “tagset\[0\]”: the label “Source” is a claim label in this file but a source label in the workspace/,
    );
  });
});

describe('cancelling, progress and the change event', () => {
  it('a cancelled import imports nothing', async () => {
    const source = openTestWorkspace();
    try {
      annotate(source.ws);
      const out = path.join(dir, 'big.jsonl');
      await exportDataset(source.ws, { format: 'jsonl', outPath: out }, task());
      const stats = workspaceStats(t.ws);
      let calls = 0;
      await expectApiError(
        importDataset(t.ws, { format: 'jsonl', path: out }, task({ isCancelled: () => ++calls > 1 })),
        'cancelled',
      );
      expect(workspaceStats(t.ws)).toEqual(stats);
    } finally {
      source.dispose();
    }
  });

  it('reports progress, then one change event; the import is a permanent step that undo does not cross', async () => {
    const file = jsonl('ok.jsonl', [
      good,
      { text: 'Another text about Iran.', spans: [{ start: 19, end: 23, label: 'Country' }] },
    ]);
    const events: EventMessage[] = [];
    const stop = t.ws.subscribe((m) => events.push(m));
    const result = await importDataset(t.ws, { format: 'jsonl', path: file, taskId: 'imp' }, task({ taskId: 'imp' }));
    stop();
    expect(result).toEqual({ documents: 2, annotations: 2, entities: 0, claims: 0, relations: 0 });
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((e) => (e.data as { task: string }).task === 'import')).toBe(true);
    const changed = events.filter((e) => e.event === 'changed');
    expect(changed).toHaveLength(1);
    const records = (changed[0]?.data as { records: Array<{ kind: string; change: string }> }).records;
    expect(records.filter((r) => r.kind === 'annotation' && r.change === 'created')).toHaveLength(2);
    expect(records.filter((r) => r.kind === 'document' && r.change === 'created')).toHaveLength(2);
    await expectApiError(t.call('history.undo', {}), 'nothing_to_undo');
    expect(listHistory(t.ws, 1)[0]).toMatchObject({ method: 'datasets.import', state: 'permanent' });
  });

  it('goes through the dispatcher like every API method', async () => {
    const file = jsonl('api.jsonl', [good]);
    const result = await t.call('datasets.import', { format: 'jsonl', path: file });
    expect(result.annotations).toBe(1);
    const out = path.join(dir, 'api-out.jsonld');
    const exported = await t.call('datasets.export', { format: 'w3c', outPath: out, status: 'accepted' });
    expect(exported).toMatchObject({ format: 'w3c', outPath: out, annotations: 1 });
  });
});
