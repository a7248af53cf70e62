/**
 * What the generated malformed-import corpora share ("Trust" issue): a small seeded PRNG, the
 * workspace an import is tried on (put back as it was after each import that wrote something),
 * and the check every case goes through. An import must either succeed with counts that match
 * what it wrote (and what the case says the file holds), or fail with a coded ApiError (never
 * `internal`) having written nothing; it must not take long; and its error message must not echo
 * more than a short excerpt of the file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImportFormat } from '../../common/contract.js';
import { ApiError } from '../../common/errors.js';
import { hasLoneSurrogate } from '../../common/text.js';
import { exportDataset, importDataset } from '../../db/datasets/index.js';
import { workspaceStats } from '../../db/stats.js';
import type { Workspace } from '../../db/workspace.js';
import { prepareDocument, writeDocuments } from '../../db/import/documents.js';
import { listDocuments } from '../../db/documents.js';
import { annotate, task } from '../datasets/helpers.js';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

/** mulberry32: a small, seeded PRNG in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded choices. */
export class Rng {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = prng(seed);
  }

  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The counts an import reports that a case can predict. */
export type CountKey = 'documents' | 'annotations' | 'relations';
export type Counts = Record<CountKey, number>;

/**
 * What a case may do: be refused; import with exactly these counts; or either (when imported,
 * each count given must be one of the numbers listed). `same`: the file says what the pristine
 * export says, so an import must give the very annotations the pristine file gives.
 */
export type Expect =
  | { outcome: 'refused' }
  | { outcome: 'imported'; counts: Counts; same?: boolean }
  | { outcome: 'either'; counts?: Partial<Record<CountKey, number | readonly number[]>>; same?: boolean };

export const REFUSED: Expect = { outcome: 'refused' };
export const EITHER: Expect = { outcome: 'either' };

/** Counts that must hold when a case imports. */
export function ifImported(
  counts: Partial<Record<CountKey, number | readonly number[]>>,
): Extract<Expect, { outcome: 'either' }> {
  return { outcome: 'either', counts };
}

/**
 * The annotations of a workspace, each with its document, label, fragments, quote, status,
 * attributes and note, in a stable order: what a case imported, to compare with the pristine file.
 */
export function annotationSnapshot(ws: Workspace): string {
  const rows = ws.db
    .prepare(
      `SELECT a.document_id, l.name, a.fragments, a.quote, a.status, a.attributes, a.note
         FROM annotation a JOIN label l ON l.id = a.label_id
        ORDER BY a.document_id, a.start_offset, a.end_offset, l.name, a.fragments, a.note`,
    )
    .raw()
    .all();
  return JSON.stringify(rows);
}

/** How long one import may take before the case counts as hanging. */
const SLOW_MS = 5_000;
/** The most of a file's content an error message may repeat. */
const ECHO_LIMIT = 80;

/**
 * A run of more than `limit` characters that `message` shares with `content`, or null. Every such
 * run holds one of the message's probes (`limit/2`-character pieces at multiples of `limit/2`),
 * so only the places where a probe occurs are extended.
 */
export function echoedRun(message: string, content: string, limit = ECHO_LIMIT): string | null {
  const probe = Math.ceil(limit / 2);
  for (let k = 0; k + probe <= message.length; k += probe) {
    const needle = message.slice(k, k + probe);
    for (let at = content.indexOf(needle); at >= 0; at = content.indexOf(needle, at + 1)) {
      let before = 0;
      while (k - before > 0 && at - before > 0 && message[k - before - 1] === content[at - before - 1]) before++;
      let after = 0;
      while (message[k + probe + after] !== undefined && message[k + probe + after] === content[at + probe + after])
        after++;
      if (before + probe + after > limit) return message.slice(k - before, k + probe + after);
    }
  }
  return null;
}

/**
 * A workspace to import into, where every case starts from the same state: each import runs
 * inside a transaction of the harness, rolled back after the case. The import's own transaction
 * then becomes a savepoint within it, which commits or rolls back the same rows (the schema's
 * constraints are checked statement by statement, none is deferred to the commit).
 */
export class FuzzTarget {
  private readonly t: TestWorkspace;

  /** `prepare` fills the workspace (a new one with the default labels and no documents). */
  constructor(prepare: (ws: Workspace) => void = () => {}) {
    this.t = openTestWorkspace({ seed: false });
    prepare(this.t.ws);
  }

  get ws(): Workspace {
    return this.t.ws;
  }

  /** Runs `fn`, then undoes whatever it wrote. */
  async trial<T>(fn: () => Promise<T>): Promise<T> {
    this.ws.db.exec('BEGIN');
    try {
      return await fn();
    } finally {
      if (this.ws.db.inTransaction) this.ws.db.exec('ROLLBACK');
    }
  }

  dispose(): void {
    this.t.dispose();
  }
}

/** One generated case: the file (or brat folder) to import and what may come of it. */
export interface FuzzCase {
  /** Names the case in failures: its number and mutation. */
  name: string;
  /** The row of the report it counts in. */
  kind: string;
  format: ImportFormat;
  path: string;
  expect: Expect;
  /** Everything the case's files hold, as text: an error message may quote at most a short piece of it. */
  content: string;
  /**
   * True (the default) when none of the file's documents is in the workspace before: then the
   * documents the import reports are the documents it created.
   */
  freshDocuments?: boolean;
  /** {@link annotationSnapshot} after importing the pristine file, for an `Expect` marked `same`. */
  pristine?: string;
}

/** Case outcomes by mutation, and every failure. */
export class FuzzReport {
  readonly failures: string[] = [];
  private readonly rows = new Map<string, Map<string, number>>();
  private readonly columns = new Set<string>(['imported']);
  /** The first message of each mutation and code, printed with the table when FUZZ_VERBOSE is set. */
  private readonly samples = new Map<string, string>();
  cases = 0;
  imported = 0;
  refused = 0;

  constructor(readonly title: string) {}

  private count(kind: string, column: string): void {
    const row = this.rows.get(kind) ?? new Map<string, number>();
    row.set(column, (row.get(column) ?? 0) + 1);
    this.rows.set(kind, row);
    this.columns.add(column);
  }

  /**
   * Imports a case into `target` (a {@link FuzzTarget}, left as it was; or a workspace, which
   * keeps what the case imported), checks it and counts its outcome. Returns true when it imported.
   */
  async run(target: FuzzTarget | Workspace, c: FuzzCase): Promise<boolean> {
    return target instanceof FuzzTarget ? target.trial(() => this.check(target.ws, c)) : this.check(target, c);
  }

  private async check(ws: Workspace, c: FuzzCase): Promise<boolean> {
    const fail = (why: string) => this.failures.push(`${c.name}: ${why}`);
    const before = workspaceStats(ws);
    const started = performance.now();
    this.cases++;
    this.count(c.kind, 'cases');
    let imported = false;
    try {
      const result = await importDataset(ws, { format: c.format, path: c.path }, task());
      imported = true;
      this.imported++;
      this.count(c.kind, 'imported');
      const after = workspaceStats(ws);
      const delta = {
        documents: after.documents - before.documents,
        annotations: after.annotations - before.annotations,
        relations: after.relations - before.relations,
      };
      const fresh = c.freshDocuments ?? true;
      if (
        delta.annotations !== result.annotations ||
        delta.relations !== result.relations ||
        (fresh ? delta.documents !== result.documents : delta.documents > result.documents)
      ) {
        fail(`counts ${JSON.stringify(result)} differ from what was written ${JSON.stringify(delta)}`);
      }
      if (c.expect.outcome === 'refused') fail(`imported ${JSON.stringify(result)}, expected a refusal`);
      else if (c.expect.same && c.pristine !== undefined && annotationSnapshot(ws) !== c.pristine) {
        fail('the annotations differ from those of the pristine file (moved, changed or lost)');
      }
      const expected = c.expect.outcome === 'refused' ? undefined : c.expect.counts;
      for (const [key, allowed] of Object.entries(expected ?? {}) as Array<[CountKey, number | readonly number[]]>) {
        const ok = typeof allowed === 'number' ? result[key] === allowed : allowed.includes(result[key]);
        if (!ok) fail(`${key}: imported ${result[key]}, the file holds ${JSON.stringify(allowed)}`);
      }
    } catch (error) {
      this.refused++;
      const code = error instanceof ApiError ? error.code : 'uncoded';
      this.count(c.kind, code);
      const message = (error as Error).message;
      if (!this.samples.has(`${c.kind} ${code}`)) this.samples.set(`${c.kind} ${code}`, message);
      if (code === 'internal' || code === 'uncoded') fail(`${code}: ${message}`);
      if (c.expect.outcome === 'imported') fail(`refused (${code}: ${message}), expected an import`);
      if (JSON.stringify(workspaceStats(ws)) !== JSON.stringify(before)) fail(`partial write (${code}: ${message})`);
      if (hasLoneSurrogate(message)) fail(`the message holds an unpaired surrogate: ${JSON.stringify(message)}`);
      const echo = echoedRun(message, c.content);
      if (echo !== null) fail(`the message repeats ${echo.length} characters of the file: ${message.slice(0, 300)}`);
    }
    const ms = performance.now() - started;
    if (ms > SLOW_MS) fail(`took ${Math.round(ms)} ms`);
    return imported;
  }

  /** The outcome table: one row per mutation, one column per outcome. */
  table(): string {
    const columns = ['cases', 'imported', ...[...this.columns].filter((c) => c !== 'cases' && c !== 'imported').sort()];
    const kinds = [...this.rows.keys()].sort();
    const width = Math.max(8, ...kinds.map((k) => k.length));
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => (i === 0 ? cell.padEnd(width) : cell.padStart(Math.max(7, columns[i - 1]!.length))))
        .join('  ');
    const out = [
      `${this.title}: ${this.cases} cases, ${this.failures.length} failures`,
      line(['mutation', ...columns]),
    ];
    for (const kind of kinds) {
      const row = this.rows.get(kind) as Map<string, number>;
      out.push(line([kind, ...columns.map((c) => String(row.get(c) ?? 0))]));
    }
    const totals = columns.map((c) => [...this.rows.values()].reduce((sum, row) => sum + (row.get(c) ?? 0), 0));
    out.push(line(['total', ...totals.map(String)]));
    if (process.env.FUZZ_VERBOSE) for (const [key, message] of [...this.samples].sort()) out.push(`${key}: ${message}`);
    return out.join('\n');
  }
}

/** One case of a corpus, as its test file makes it. */
export interface CorpusCase {
  /** The case's files, by path relative to its folder. */
  files: Map<string, Buffer>;
  /** The path to import, relative to the folder ('' for the folder itself). */
  path: string;
  expect: Expect;
  /** Added to the case's name in failures (e.g. the manifest mode). */
  note?: string;
  freshDocuments?: boolean;
  pristine?: string;
}

/**
 * A seeded corpus: `cases` cases, the mutations taken in turn, each made by `make` (under a
 * manifest mode drawn for it when the format has manifests) and checked by a {@link FuzzReport}.
 */
export interface CorpusRun {
  seed: number;
  cases: number;
  kinds: readonly string[];
  format: ImportFormat;
  target: FuzzTarget | Workspace;
  /** True when each case gets a manifest mode ({@link pickManifestMode}); otherwise 'none'. */
  manifests?: boolean;
  make(kind: string, rng: Rng, mode: ManifestMode): CorpusCase;
}

/** Runs a corpus and prints its outcome table; returns the report (whose failures a test expects to be none). */
export async function runCorpus(run: CorpusRun, root: string): Promise<FuzzReport> {
  const rng = new Rng(run.seed);
  const report = new FuzzReport(`${run.format} import fuzz`);
  const folder = new CaseFolder(root);
  for (let n = 0; n < run.cases; n++) {
    const kind = run.kinds[n % run.kinds.length] as string;
    const c = run.make(kind, rng, run.manifests ? pickManifestMode(rng) : 'none');
    const content = folder.write(c.files);
    await report.run(run.target, {
      name: `${run.format} #${n} ${kind}${c.note ? ` (${c.note})` : ''}`,
      kind,
      format: run.format,
      path: path.join(folder.dir, c.path),
      expect: c.expect,
      content,
      ...(c.freshDocuments !== undefined ? { freshDocuments: c.freshDocuments } : {}),
      ...(c.pristine !== undefined ? { pristine: c.pristine } : {}),
    });
  }
  console.log(report.table());
  return report;
}

/** Registers a test that runs the corpus `run` gives (when the test runs) in the fixture's folder, and expects no failures. */
export function corpusTest(fixture: CorpusFixture, name: string, run: () => CorpusRun): void {
  it(
    name,
    async () => {
      const corpus = run();
      const report = await runCorpus(corpus, fixture.root);
      expect(report.failures).toEqual([]);
      expect(report.cases).toBe(corpus.cases);
    },
    120_000,
  );
}

/** {@link annotationSnapshot} of importing `file` into `target` (which is left as it was); the import must succeed. */
export async function snapshotOfImport(target: FuzzTarget, format: ImportFormat, file: string): Promise<string> {
  return target.trial(async () => {
    await importDataset(target.ws, { format, path: file }, task());
    return annotationSnapshot(target.ws);
  });
}

/**
 * The folder the cases of a corpus are written to, one after the other: each `write` leaves in it
 * exactly the files given, writing only those that differ from what it holds.
 */
export class CaseFolder {
  readonly dir: string;
  private readonly onDisk = new Map<string, Buffer>();

  constructor(root: string) {
    this.dir = fs.mkdtempSync(path.join(root, 'case-'));
  }

  /** Writes `files` (relative path → bytes); returns their text, for {@link FuzzCase.content}. */
  write(files: ReadonlyMap<string, Buffer>): string {
    for (const name of [...this.onDisk.keys()]) {
      if (!files.has(name)) {
        fs.rmSync(path.join(this.dir, name));
        this.onDisk.delete(name);
      }
    }
    for (const [name, bytes] of files) {
      if (this.onDisk.get(name)?.equals(bytes)) continue;
      const file = path.join(this.dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
      this.onDisk.set(name, bytes);
    }
    return [...files.values()].map((bytes) => bytes.toString('utf8')).join('\u0000');
  }
}

/** Exports `ws` in `format` to `outPath` (a fixed export time), for a corpus to start from. */
export async function exportTo(
  ws: Workspace,
  format: 'jsonl' | 'w3c' | 'brat' | 'conll' | 'csv',
  outPath: string,
  documentIds?: string[],
): Promise<void> {
  await exportDataset(ws, { format, outPath, ...(documentIds ? { documentIds } : {}) }, task());
}

// ---------------------------------------------------------------------------------------------
// The corpus a case starts from

/** The annotated test workspace, and the two documents the corpora export: the mixed-script one and the shortest seed. */
export interface FuzzSource {
  t: TestWorkspace;
  documentIds: string[];
}

export function fuzzSource(): FuzzSource {
  const t = openTestWorkspace();
  const { mixedDocumentId } = annotate(t.ws);
  const seeds = listDocuments(t.ws).filter((d) => d.id !== mixedDocumentId);
  const shortest = seeds.sort((a, b) => t.ws.documentText(a.id).length - t.ws.documentText(b.id).length)[0];
  if (!shortest) throw new Error('no seed document');
  return { t, documentIds: [shortest.id, mixedDocumentId] };
}

/** Fills a template with the source's documents (same texts, so the same ids), without annotations. */
export function withDocuments(source: FuzzSource): (ws: Workspace) => void {
  return (ws) => {
    const prepared = source.documentIds.map((id, i) =>
      prepareDocument({ name: `doc-${i}.txt`, content: source.t.ws.documentText(id) }),
    );
    writeDocuments(ws, prepared, 'done');
    const ids = listDocuments(ws).map((d) => d.id);
    for (const id of source.documentIds) if (!ids.includes(id)) throw new Error(`${id} was not recreated`);
  };
}

/** What a corpus test file works with: made before its tests run, removed after. */
export interface CorpusFixture {
  readonly source: FuzzSource;
  /** A scratch folder for the exports and the cases. */
  readonly root: string;
  /** A target, disposed of with the fixture. */
  target(prepare?: (ws: Workspace) => void): FuzzTarget;
  /** Exports the source's documents in `format` as `base/name` under the root; returns its path. */
  exported(format: 'jsonl' | 'w3c' | 'brat' | 'conll' | 'csv', name: string): Promise<string>;
}

/** The source workspace and a scratch folder for a corpus test file (registers its beforeAll and afterAll). */
export function corpusFixture(prefix: string): CorpusFixture {
  let source: FuzzSource | undefined;
  let root = '';
  const targets: FuzzTarget[] = [];
  beforeAll(() => {
    source = fuzzSource();
    root = tempDir(prefix);
  });
  afterAll(() => {
    for (const target of targets.splice(0)) target.dispose();
    source?.t.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });
  return {
    get source() {
      if (!source) throw new Error('the fixture is made before the tests run');
      return source;
    },
    get root() {
      return root;
    },
    target(prepare) {
      const target = new FuzzTarget(prepare);
      targets.push(target);
      return target;
    },
    async exported(format, name) {
      if (!source) throw new Error('the fixture is made before the tests run');
      const out = path.join(root, 'base', name);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      await exportTo(source.t.ws, format, out, source.documentIds);
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Manifests

/**
 * How a case treats the export's manifest: removed (the file read as another tool's), resealed
 * (its size and digest brought in line with the changed files, so the reader takes the files for
 * a Triangulate export), or left stale (the changed files no longer match it).
 */
export type ManifestMode = 'none' | 'resealed' | 'stale';

export function pickManifestMode(rng: Rng): ManifestMode {
  const r = rng.next();
  return r < 0.6 ? 'none' : r < 0.9 ? 'resealed' : 'stale';
}

/** A manifest's text with the entries of `files` (path → bytes) describing them as they are. */
export function reseal(manifest: string, files: ReadonlyMap<string, Buffer>): string {
  const value = JSON.parse(manifest) as { files: Array<{ path: string; bytes: number; sha256: string }> };
  for (const entry of value.files) {
    const bytes = files.get(entry.path);
    if (!bytes) continue;
    entry.bytes = bytes.length;
    entry.sha256 = `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
  }
  return JSON.stringify(value);
}

/** Adds the manifest `name` to a case's `files` as `mode` has it (none: left out; resealed: vouching for `files`). */
export function addManifest(
  files: Map<string, Buffer>,
  name: string,
  manifest: string,
  mode: ManifestMode,
): Map<string, Buffer> {
  if (mode !== 'none') files.set(name, Buffer.from(mode === 'resealed' ? reseal(manifest, files) : manifest));
  return files;
}

/** What the pristine export's annotations are, imported with its manifest and without. */
export interface Snapshots {
  none: string;
  manifest: string;
}

/** What a corpus knows of its pristine export: the manifest, what it holds and what it imports. */
export interface PristineExport {
  manifest: string;
  pristine: Counts;
  snapshots: Snapshots;
}

/** What a mutation is given: the pristine export, the PRNG and the case's manifest mode. */
export interface MutationContext<B extends PristineExport> {
  base: B;
  rng: Rng;
  mode: ManifestMode;
}

/**
 * {@link Snapshots} of the pristine export `file`: imported with `manifestFile`, then without it
 * (it is removed); a format without a manifest imports once.
 */
export async function pristineSnapshots(
  target: FuzzTarget,
  format: ImportFormat,
  file: string,
  manifestFile?: string,
): Promise<Snapshots> {
  if (!manifestFile) {
    const none = await snapshotOfImport(target, format, file);
    return { none, manifest: none };
  }
  const manifest = await snapshotOfImport(target, format, file);
  fs.rmSync(manifestFile);
  return { manifest, none: await snapshotOfImport(target, format, file) };
}

/**
 * What a case may do once its manifest mode is applied: a stale manifest refuses any change; a
 * resealed one still holds the counts of the export, so a case whose `checked` counts differ from
 * `pristine` must be refused.
 */
export function underManifest(
  expect: Expect,
  mode: ManifestMode,
  changed: boolean,
  pristine: Counts,
  checked: readonly CountKey[],
): Expect {
  if (mode === 'none') return expect;
  if (mode === 'stale') return changed ? REFUSED : expect;
  if (expect.outcome === 'refused') return expect;
  const counts: Partial<Record<CountKey, number | readonly number[]>> = { ...expect.counts };
  for (const key of checked) {
    const allowed = counts[key];
    if (allowed === undefined) continue;
    const list = typeof allowed === 'number' ? [allowed] : allowed;
    if (!list.includes(pristine[key])) return REFUSED;
    counts[key] = pristine[key];
  }
  return { ...expect, counts } as Expect;
}

/**
 * A case of an export with a manifest under `mode`: its files with the manifest as the mode has
 * it, what may come of it ({@link underManifest}, the `checked` counts being those the format's
 * manifest vouches for), and the pristine import to compare with.
 */
export function manifestCase(
  base: PristineExport,
  mode: ManifestMode,
  c: {
    files: Map<string, Buffer>;
    manifestName: string;
    /** The manifest to reseal (default: the export's). */
    manifest?: string;
    path: string;
    expect: Expect;
    changed: boolean;
    checked: readonly CountKey[];
    freshDocuments?: boolean;
  },
): CorpusCase {
  const manifest = mode === 'resealed' ? (c.manifest ?? base.manifest) : base.manifest;
  return {
    files: addManifest(c.files, c.manifestName, manifest, mode),
    path: c.path,
    expect: underManifest(c.expect, mode, c.changed, base.pristine, c.checked),
    note: `manifest ${mode}`,
    ...(c.freshDocuments !== undefined ? { freshDocuments: c.freshDocuments } : {}),
    pristine: base.snapshots[mode === 'none' ? 'none' : 'manifest'],
  };
}

// ---------------------------------------------------------------------------------------------
// Byte-level damage, the same for every format

/** Byte sequences no strict UTF-8 decoder accepts (overlong, stray continuation, cut sequence, out of range). */
export const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xc0, 0x80],
  [0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc3],
];
/** Lone surrogates as raw WTF-8 bytes (U+D800, U+DBFF, U+DC00, U+DFFF). */
export const WTF8_SURROGATES: readonly number[][] = [
  [0xed, 0xa0, 0x80],
  [0xed, 0xaf, 0xbf],
  [0xed, 0xb0, 0x80],
  [0xed, 0xbf, 0xbf],
];
export const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** `bytes` with `inserted` at byte `at`. */
export function insertBytes(bytes: Buffer, at: number, inserted: readonly number[] | Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(inserted), bytes.subarray(at)]);
}

/** Line ends for a re-written file: all LF, CRLF or CR, or a mix chosen line by line. */
export type LineEnds = 'lf' | 'crlf' | 'cr' | 'mixed';

/**
 * `lines` joined with the line ends of `style` (each line followed by one). A mix never puts an
 * LF right after a CR, which would read as one CRLF line end.
 */
export function joinLines(lines: readonly string[], style: LineEnds, rng: Rng): string {
  let previous = '';
  return lines
    .map((line) => {
      const eol =
        style === 'lf'
          ? '\n'
          : style === 'crlf'
            ? '\r\n'
            : style === 'cr'
              ? '\r'
              : rng.pick(previous === '\r' && line === '' ? ['\r', '\r\n'] : ['\n', '\r\n', '\r']);
      previous = eol;
      return line + eol;
    })
    .join('');
}

/** Timestamps with the shape of one, or near it, that name no instant. */
export const BAD_TIMESTAMPS = [
  '9999-99-99T99:99:99Z',
  '2021-02-30T00:00:00Z',
  '2021-01-01',
  'yesterday',
  '2015-09-27T24:00:00Z',
  '0000-01-01T00:00:00Z',
  '2015-09-27T10:00:00+25:00',
];
