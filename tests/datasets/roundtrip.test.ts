/**
 * Round trips of Triangulate's own formats: export → import into a new workspace → export gives
 * byte-identical files (manifest included), and the new workspace holds the same records: ids,
 * entities with aliases, claims, relations (with their attributes: a source's stance and cue),
 * attributes, statuses, authors, notes, timestamps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDataset, exportPaths, importDataset } from '../../db/datasets/index.js';
import type { Workspace } from '../../db/workspace.js';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { annotate, snapshotFiles, task } from './helpers.js';
import { listAnnotations } from '../../db/annotations.js';
import { listClaims } from '../../db/claims.js';
import { listDocuments } from '../../db/documents.js';
import { listEntities } from '../../db/entities.js';
import { listHistory } from '../../db/history.js';
import { listLabels } from '../../db/labels.js';
import { listNotes } from '../../db/notes.js';
import { workspaceStats } from '../../db/stats.js';
import { listRelations } from '../../db/relations.js';

type Case = { name: string; format: 'jsonl' | 'w3c' | 'brat'; file: string };
const CASES: Case[] = [
  { name: 'jsonl', format: 'jsonl', file: 'data.jsonl' },
  { name: 'w3c collection', format: 'w3c', file: 'data.jsonld' },
  { name: 'w3c lines', format: 'w3c', file: 'data.jsonl' },
  { name: 'brat', format: 'brat', file: 'data' },
];

let source: TestWorkspace;
let dir: string;
const opened: TestWorkspace[] = [];

beforeEach(() => {
  source = openTestWorkspace();
  annotate(source.ws);
  dir = tempDir('triangulate-roundtrip-');
});

afterEach(() => {
  source.dispose();
  for (const t of opened.splice(0)) t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function files(format: Case['format'], out: string): Map<string, Buffer> {
  const paths = exportPaths(format, out);
  return snapshotFiles(format === 'brat' ? paths.data : [...paths.data, paths.manifest]);
}

/** Everything an import must restore, in a comparable form. */
function state(ws: Workspace) {
  const annotations = listAnnotations(ws, {});
  const ids = new Set(annotations.map((a) => a.id));
  return {
    annotations,
    entities: listEntities(ws, {}).sort((a, b) => a.id.localeCompare(b.id)),
    claims: listClaims(ws).sort((a, b) => a.id.localeCompare(b.id)),
    relations: listRelations(ws, {})
      .filter((r) => ids.has(r.fromId))
      .sort((a, b) => a.id.localeCompare(b.id)),
    notes: listNotes(ws).sort((a, b) => a.id.localeCompare(b.id)),
    labels: listLabels(ws).map(({ position: _position, ...l }) => l),
  };
}

describe.each(CASES)('$name', ({ format, file }) => {
  it('export → import into a new workspace → export gives identical output', async () => {
    const first = path.join(dir, 'one', file);
    await exportDataset(source.ws, { format, outPath: first }, task());

    const target = openTestWorkspace({ seed: false });
    opened.push(target);
    const imported = await importDataset(target.ws, { format, path: first }, task());
    expect(imported).toEqual({
      documents: 6,
      annotations: workspaceStats(source.ws).annotations,
      entities: 2,
      claims: 2,
      relations: workspaceStats(source.ws).relations,
    });
    const second = path.join(dir, 'two', file);
    await exportDataset(target.ws, { format, outPath: second }, task());
    const a = files(format, first);
    const b = files(format, second);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) expect((b.get(name) as Buffer).toString('utf8'), name).toBe(bytes.toString('utf8'));

    // The records themselves, field by field.
    const before = state(source.ws);
    const after = state(target.ws);
    expect(after.annotations).toEqual(before.annotations);
    expect(after.entities).toEqual(before.entities);
    expect(after.claims).toEqual(before.claims);
    expect(before.relations.filter((r) => r.attributes.stance && r.attributes.cue).length).toBeGreaterThan(3);
    expect(after.relations).toEqual(before.relations);
    expect(after.notes).toEqual(before.notes);
    expect(after.labels).toEqual(before.labels);
    const docs = (ws: Workspace) => listDocuments(ws).map(({ importedAt: _i, ...d }) => d);
    expect(docs(target.ws)).toEqual(docs(source.ws));
  });

  it('maps onto the documents a seeded workspace already has, and importing twice changes nothing', async () => {
    const out = path.join(dir, file);
    await exportDataset(source.ws, { format, outPath: out }, task());
    const target = openTestWorkspace();
    opened.push(target);
    const seeded = listDocuments(target.ws).map((d) => d.id);
    await importDataset(target.ws, { format, path: out }, task());
    const once = state(target.ws);
    expect(listDocuments(target.ws).map((d) => d.id)).toEqual(expect.arrayContaining(seeded));
    expect(listDocuments(target.ws)).toHaveLength(6);
    await importDataset(target.ws, { format, path: out }, task());
    const twice = state(target.ws);
    expect(twice).toEqual(once);
    // One permanent history entry per import: undo stops there.
    const history = listHistory(target.ws, 5).filter((h) => h.method === 'datasets.import');
    expect(history).toHaveLength(2);
    expect(history.every((h) => h.state === 'permanent')).toBe(true);
  });
});
