/**
 * The command line, run in-process through `main` with captured output, on temporary
 * workspaces; plus one run of the real `bin/triangulate.js` to check the process wiring.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { REPO_ROOT, tempDir } from '../helpers.js';

let dir: string;
let workspace: string;
beforeEach(() => {
  dir = tempDir();
  workspace = path.join(dir, 'cli.triangulate');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--workspace', workspace, ...args], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTty: false,
    readStdin: async () => '{"query": "Daesh", "limit": 1}',
  });
  return { code, stdout, stderr };
}

describe('triangulate CLI', () => {
  it('creates and seeds the workspace on first use and lists documents as a table', async () => {
    const { code, stdout } = await run('docs');
    expect(code).toBe(0);
    expect(fs.existsSync(workspace)).toBe(true);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+DATE\s+OUTLET\s+TITLE\s+CLAIMS\s+SOURCES\s+ENTITIES$/);
    expect(lines).toHaveLength(6);
    expect(stdout).toContain('Arutz Sheva');
  });

  it('lists documents as JSON', async () => {
    const { stdout } = await run('docs', '--json');
    const docs = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(docs).toHaveLength(5);
    expect(Object.keys(docs[0]!)).toEqual(expect.arrayContaining(['id', 'title', 'outlet', 'publishedAt', 'counts']));
  });

  it('searches with offsets and snippets', async () => {
    const { stdout, code } = await run('search', 'Daesh', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      hits: Array<{ documentId: string; start: number; end: number; snippet: string }>;
      total: number;
      nextOffset: number | null;
    };
    expect(result.total).toBeGreaterThanOrEqual(5);
    expect(result.hits).toHaveLength(result.total);
    expect(result.nextOffset).toBeNull();
    expect(result.hits[0]).toEqual(
      expect.objectContaining({ documentId: expect.stringMatching(/^doc_/), snippet: expect.stringMatching(/\[/) }),
    );
    const table = await run('search', 'Saad al-Hadithi');
    expect(table.stdout).toContain('[Saad] [al-Hadithi]');
    expect(table.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ matches; 1-\d+ shown\.$/);
    expect((await run('search', 'zzzzqqq')).stdout).toBe('No matches.\n');
  });

  it('pages through search hits and takes the case and whole-word options', async () => {
    const all = JSON.parse((await run('search', 'Daesh', '--json')).stdout) as { total: number };
    const first = await run('search', 'Daesh', '--limit', '2');
    expect(first.stdout.trim().split('\n')).toHaveLength(4);
    expect(first.stdout).toContain(`${all.total} matches; 1-2 shown; the next ones with --offset 2.`);
    const past = await run('search', 'Daesh', '--offset', '1000');
    expect(past.stdout).toBe(`${all.total} matches; none from --offset 1000.\n`);
    // IS: the group by default; the verb too when told to ignore case and match inside words.
    const group = JSON.parse((await run('search', 'IS', '--json')).stdout) as { total: number };
    const any = JSON.parse((await run('search', 'IS', '--json', '--ignore-case', '--partial')).stdout) as {
      total: number;
    };
    expect(any.total).toBeGreaterThan(group.total * 5);
    const cased = JSON.parse((await run('search', 'daesh', '--json', '--case-sensitive')).stdout) as { total: number };
    expect(cased.total).toBe(0);
    const contradiction = await run('search', 'IS', '--whole-word', '--partial');
    expect(contradiction.code).toBe(2);
    expect(contradiction.stderr).toMatch(/--whole-word and --partial contradict each other/);
  });

  it('imports files and folders, and says what it skipped', async () => {
    const docs = path.join(dir, 'docs');
    fs.mkdirSync(docs);
    fs.writeFileSync(path.join(docs, 'a.md'), '# Alpha\n\nText.');
    fs.writeFileSync(path.join(docs, 'b.html'), '<p>Beta text</p>');
    fs.writeFileSync(path.join(docs, 'ignored.png'), 'x');
    const first = await run('import', docs);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Imported 2 documents\./);
    const again = await run('import', path.join(docs, 'a.md'));
    expect(again.stdout).toMatch(/Skipped .*a\.md: already in the workspace/);
    const bad = await run('import', path.join(docs, 'ignored.png'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ignored\.png: unsupported file type/);
  });

  it('prints stats as a table and as JSON', async () => {
    expect((await run('stats')).stdout).toMatch(/Documents\s+5/);
    expect(JSON.parse((await run('stats', '--json')).stdout)).toMatchObject({ documents: 5, labels: 8 });
  });

  it('calls any method with JSON params; errors go to stderr as JSON with a non-zero exit', async () => {
    const ok = await run('call', 'labels.list', '{}');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toHaveLength(8);
    const fromStdin = await run('call', 'search.query', '-');
    expect(JSON.parse(fromStdin.stdout).hits).toHaveLength(1);
    const notFound = await run('call', 'documents.get', '{"id":"nope"}');
    expect(notFound.code).toBe(1);
    expect(notFound.stdout).toBe('');
    expect(JSON.parse(notFound.stderr)).toEqual({ code: 'not_found', message: 'No document with id nope.' });
    const invalid = await run('call', 'annotations.create', '{"documentId": 3}');
    expect(JSON.parse(invalid.stderr)).toMatchObject({ code: 'invalid_params' });
    const notJson = await run('call', 'labels.list', '{oops');
    expect(notJson.code).toBe(1);
    expect(JSON.parse(notJson.stderr)).toMatchObject({ code: 'invalid_params' });
    const unknown = await run('call', 'nope.nope', '{}');
    expect(JSON.parse(unknown.stderr)).toMatchObject({ code: 'unknown_method' });
  });

  it('lists every method with a JSON Schema of its params', async () => {
    const { stdout } = await run('methods', '--json');
    const list = JSON.parse(stdout) as Array<{ name: string; params: { type: string; properties: object } }>;
    const create = list.find((m) => m.name === 'annotations.create')!;
    expect(create.params.type).toBe('object');
    expect(Object.keys(create.params.properties)).toEqual(
      expect.arrayContaining([
        'documentId',
        'labelId',
        'fragments',
        'attributes',
        'note',
        'status',
        'entityId',
        'claimId',
      ]),
    );
    expect(list.map((m) => m.name)).toEqual(expect.arrayContaining(['entities.merge', 'history.undo', 'search.query']));
    // The cross-article views and their writes are listed like every other method.
    expect(list.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'claims.matrix',
        'entities.index',
        'sources.chains',
        'relations.update',
        'documents.setReviewed',
      ]),
    );
    const chains = list.find((m) => m.name === 'sources.chains')!;
    expect(Object.keys(chains.params.properties)).toEqual(['claimId', 'annotationId']);
  });

  it('answers the cross-article views through `call`', async () => {
    const matrix = await run('call', 'claims.matrix', '{}');
    expect(matrix.code).toBe(0);
    const result = JSON.parse(matrix.stdout) as { columns: Array<{ outlet: string }>; rows: unknown[] };
    expect(result.columns).toHaveLength(5);
    expect(result.rows).toEqual([]);
    const index = await run('call', 'entities.index', '{"query": "nobody"}');
    expect(JSON.parse(index.stdout)).toEqual([]);
  });

  it('refuses unknown commands and bad options with exit code 2', async () => {
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('export', '--format', 'pdf', '--out', 'x')).code).toBe(2);
    expect((await run('search', 'x', '--limit', 'many')).code).toBe(2);
    expect((await run('search', 'x', '--offset', '-1')).code).toBe(2);
  });

  it('names an unknown option, with the command’s usage, and writes nothing', async () => {
    const typo = await run('stats', '--jsno');
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toMatch(
      /^triangulate: unknown option --jsno for stats\. Did you mean --json\?\n\nUsage: triangulate \[--workspace FILE\] stats/,
    );
    expect(fs.existsSync(workspace)).toBe(false);
    const limit = await run('search', 'Kerry', '--limt', '5');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('unknown option --limt for search. Did you mean --limit?');
  });

  it('prints each command’s own usage for --help and help COMMAND', async () => {
    const docs = await run('docs', '--help');
    expect(docs.code).toBe(0);
    expect(docs.stdout).toMatch(/^Usage: triangulate \[--workspace FILE\] docs \[options\]/);
    expect(docs.stdout).toContain('--filter TEXT');
    expect(docs.stdout).not.toContain('Commands:');
    expect((await run('help', 'export')).stdout).toContain('--status accepted|all');
    expect((await run('--help')).stdout).toContain('Commands:');
  });

  it('says what is wrong with a format and suggests --format for a dataset', async () => {
    const xml = await run('export', '--format', 'xml', '--out', path.join(dir, 'x.xml'));
    expect(xml.code).toBe(2);
    expect(xml.stderr).toMatch(/^triangulate: --format xml is not a format export writes: one of jsonl, w3c/);
    const near = await run('export', '--format', 'jsnl', '--out', path.join(dir, 'x.jsonl'));
    expect(near.stderr).toContain('Did you mean jsonl?');
    const missing = await run('export', '--out', path.join(dir, 'x.jsonl'));
    expect(missing.stderr).toMatch(/^triangulate: export needs --format FORMAT, one of/);
    const data = path.join(dir, 'data.jsonl');
    fs.writeFileSync(data, '{}\n');
    const dataset = await run('import', data);
    expect(dataset.code).toBe(2);
    expect(dataset.stderr).toContain(`${data} looks like a tagged dataset: add --format jsonl (or doccano, prodigy).`);
  });

  it('refuses a file that is not a workspace', async () => {
    fs.writeFileSync(workspace, 'not a database');
    const { code, stderr } = await run('docs');
    expect(code).toBe(1);
    expect(stderr).toMatch(/not a Triangulate workspace/);
    expect(fs.readFileSync(workspace, 'utf8')).toBe('not a database');
    // `call` answers that refusal as the {code, message} JSON it answers every failure with.
    const called = await run('call', 'documents.list', '{}');
    expect(called.code).toBe(1);
    expect(JSON.parse(called.stderr)).toMatchObject({ code: 'incompatible_workspace' });
  });

  it('runs as a real process, honouring TRIANGULATE_WORKSPACE', () => {
    const bin = path.join(REPO_ROOT, 'bin/triangulate.js');
    if (!fs.existsSync(path.join(REPO_ROOT, 'dist/cli.js')))
      execFileSync('node', ['scripts/build.mjs'], { cwd: REPO_ROOT });
    const env = { ...process.env, TRIANGULATE_WORKSPACE: workspace };
    const result = spawnSync(process.execPath, [bin, 'docs', '--json'], { env, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(5);
    const failed = spawnSync(process.execPath, [bin, 'call', 'documents.get', '{"id":"x"}'], { env, encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(JSON.parse(failed.stderr)).toMatchObject({ code: 'not_found' });
  });

  it('is a session of its own: a later invocation undoes its change only when told which', async () => {
    const docs = JSON.parse((await run('docs', '--json')).stdout) as Array<{ id: string }>;
    const created = await run(
      'call',
      'annotations.create',
      JSON.stringify({ documentId: docs[0]!.id, labelId: 'place', fragments: [{ start: 0, end: 4 }] }),
    );
    expect(created.code).toBe(0);
    const refused = await run('call', 'history.undo', '{}');
    expect(refused.code).toBe(1);
    const error = JSON.parse(refused.stderr) as { code: string; message: string; details: { entryId: number } };
    expect(error).toMatchObject({ code: 'conflict', details: { reason: 'not_own', session: { kind: 'cli' } } });
    expect(error.message).toContain('(command line)');
    const undone = await run('call', 'history.undo', JSON.stringify({ entryId: error.details.entryId }));
    expect(undone.code).toBe(0);
    expect(JSON.parse(undone.stdout)).toMatchObject({ entry: { state: 'undone', own: true } });
  });
});
