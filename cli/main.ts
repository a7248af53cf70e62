/**
 * The `triangulate` command line. Every command goes through the same dispatcher as the desktop
 * UI and the browser host, so it validates and fails exactly as they do.
 *
 *   triangulate [--workspace FILE] <command> [options]
 *
 * Exit codes: 0 success, 1 the API refused the request (the {code, message} JSON is on stderr
 * for `call`, a sentence otherwise), 2 the command line itself was wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  EXPORT_FORMATS,
  IMPORT_FORMATS,
  METHOD_NAMES,
  methods,
  type EventMessage,
  type MethodName,
  type ParamsOf,
  type ResultOf,
} from '../common/contract.js';
import type { DocumentSummary, SearchResult, WorkspaceStats } from '../common/domain.js';
import { ApiError, type ApiErrorPayload } from '../common/errors.js';
import { defaultWorkspacePath } from '../host/paths.js';
import { APP_VERSION } from '../common/version.js';
import type { Dispatcher } from '../host/dispatcher.js';
import { startServer } from '../host/server.js';
import { plural } from '../common/plural.js';
import { formatTable, progressLine } from './format.js';
import { createSession, WorkerDispatcher } from '../host/worker-dispatcher.js';
import {
  closest,
  COMMANDS,
  commandUsage,
  generalUsage,
  parseCommandLine,
  UsageError,
  type CommandName,
  type ParsedCommandLine,
} from './args.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars are drawn only there). */
  isTty: boolean;
  readStdin: () => Promise<string>;
}

const header = () => `Triangulate ${APP_VERSION}: compare how several articles report the same event.`;
const usage = () => generalUsage(header(), defaultWorkspacePath());

type ParsedArgs = ParsedCommandLine;

/** The file extensions of the tagged-dataset formats, for "add --format" hints. */
const DATASET_EXTENSIONS: Record<string, string> = {
  '.jsonl': 'jsonl (or doccano, prodigy)',
  '.json': 'w3c (or label-studio)',
  '.jsonld': 'w3c',
  '.ann': 'brat',
  '.conll': 'conll',
  '.conllu': 'conll',
  '.csv': 'csv',
  '.zip': 'the format of the data inside',
};

/** "--format xml is not a format export writes: one of …", with the near one when there is one. */
function formatError(format: string, formats: readonly string[], command: CommandName): UsageError {
  const guess = closest(format, formats);
  return new UsageError(
    `--format ${format} is not a format ${command} ${command === 'import' ? 'reads' : 'writes'}: one of ${formats.join(', ')}.${guess ? ` Did you mean ${guess}?` : ''}`,
    command,
  );
}

function flag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** The built renderer, searched upward from this module (works from cli/ and from dist/). */
export function rendererDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    for (const candidate of [path.join(dir, 'renderer'), path.join(dir, 'dist', 'renderer')]) {
      // The built bundle, not the source folder's index.html.
      if (fs.existsSync(path.join(candidate, 'index.html')) && fs.existsSync(path.join(candidate, 'app.js'))) {
        return candidate;
      }
    }
    dir = path.dirname(dir);
  }
  throw new ApiError('internal', 'The workbench UI is not built: run “npm run build” first.');
}

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown', '.html', '.htm']);

/** Files named on the command line; a folder stands for the text files in it (recursively, sorted). */
export function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) {
      const entries = fs.readdirSync(p, { recursive: true, encoding: 'utf8' }).sort();
      for (const entry of entries) {
        const full = path.join(p, entry);
        if (TEXT_EXTENSIONS.has(path.extname(entry).toLowerCase()) && fs.statSync(full).isFile()) out.push(full);
      }
    } else {
      out.push(p);
    }
  }
  return out;
}

async function call<M extends MethodName>(
  dispatcher: Dispatcher,
  method: M,
  params: ParamsOf<M>,
): Promise<ResultOf<M>> {
  const reply = await dispatcher.dispatch(method, params);
  if (!reply.ok) throw ApiError.fromPayload(reply.error);
  return reply.result as ResultOf<M>;
}

function documentsTable(docs: DocumentSummary[]): string {
  return formatTable(
    ['ID', 'DATE', 'OUTLET', 'TITLE', 'CLAIMS', 'SOURCES', 'ENTITIES'],
    docs.map((d) => [
      d.id,
      d.publishedAt ?? '—',
      d.outlet ?? '—',
      d.title,
      String(d.counts.claims),
      String(d.counts.sources),
      String(d.counts.entities),
    ]),
    { maxWidths: { 2: 24, 3: 60 }, alignRight: [4, 5, 6] },
  );
}

function searchText(result: SearchResult, offset: number): string {
  if (result.total === 0) return 'No matches.\n';
  const table = formatTable(
    ['DOCUMENT', 'OFFSETS', 'SNIPPET'],
    result.hits.map((h) => [h.title, `${h.start}-${h.end}`, h.snippet]),
    { maxWidths: { 0: 36, 2: 90 } },
  );
  const matches = plural(result.total, 'match');
  const shown = result.hits.length
    ? `; ${offset + 1}-${offset + result.hits.length} shown`
    : `; none from --offset ${offset}`;
  const more = result.nextOffset === null ? '' : `; the next ones with --offset ${result.nextOffset}`;
  return (result.hits.length ? table : '') + `${matches}${shown}${more}.\n`;
}

/** `--name` → true, `--other` → false, neither → undefined; both is a usage error. */
function eitherFlag(args: ParsedArgs, yes: string, no: string): boolean | undefined {
  if (args.flags.has(yes) && args.flags.has(no)) throw new UsageError(`--${yes} and --${no} contradict each other.`);
  return args.flags.has(yes) ? true : args.flags.has(no) ? false : undefined;
}

/** A whole-number option of at least `min`, or `fallback` when absent. */
function wholeNumber(args: ParsedArgs, name: string, min: number, fallback: number): number {
  const text = flag(args, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} takes a whole number${min > 0 ? ` from ${min}` : ''}.`);
  }
  return value;
}

function statsText(stats: WorkspaceStats): string {
  const rows: string[][] = [
    ['Workspace', stats.path],
    ['Analyst', stats.analyst],
    ['Schema', `${stats.schemaVersion} (Triangulate ${stats.appVersion})`],
    ['Documents', String(stats.documents)],
    ['Annotations', String(stats.annotations)],
    ['Entities', String(stats.entities)],
    ['Claims', String(stats.claims)],
    ['Relations', String(stats.relations)],
    ['History entries', String(stats.historyEntries)],
  ];
  const labels = formatTable(
    ['LABEL', 'ANNOTATIONS'],
    stats.byLabel.map((l) => [l.name, String(l.count)]),
    { alignRight: [1] },
  );
  return formatTable(['', ''], rows, { noHeader: true }) + '\n' + labels;
}

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const text = error.command ? commandUsage(error.command) : usage();
    io.stderr(`triangulate: ${error.message}\n\n${text}`);
    return 2;
  }
  if (args.flags.has('version') && args.command === null) {
    io.stdout(`${APP_VERSION}\n`);
    return 0;
  }
  const command = args.command ?? 'help';
  if (command === 'help' || args.flags.has('help')) {
    const about = command === 'help' ? args.positional[0] : command;
    if (about !== undefined && !(about in COMMANDS)) {
      io.stderr(`triangulate: unknown command “${about}”.\n\n${usage()}`);
      return 2;
    }
    io.stdout(about ? commandUsage(about as CommandName) : usage());
    return 0;
  }
  if (command === 'methods') {
    const list = METHOD_NAMES.map((name) => ({
      name,
      description: methods[name].description,
      params: z.toJSONSchema(methods[name].params, { unrepresentable: 'any' }),
    }));
    if (args.flags.has('json')) io.stdout(JSON.stringify(list, null, 2) + '\n');
    else {
      for (const m of list) io.stdout(`${m.name}\n  ${m.description}\n  params: ${JSON.stringify(m.params)}\n`);
    }
    return 0;
  }

  const workspacePath = flag(args, 'workspace') ?? defaultWorkspacePath();
  // The workspace runs in a worker thread, as in every host: for `serve` this keeps the HTTP
  // host answering while the database works or waits for another program's lock.
  const json = args.flags.has('json');
  // Its history entries are this invocation's own (`serve`: the browser host's): undo in the
  // desktop app or another invocation does not take them back without an explicit choice.
  let dispatcher: WorkerDispatcher;
  try {
    dispatcher = await WorkerDispatcher.start({
      path: workspacePath,
      session: createSession(command === 'serve' ? 'browser' : 'cli'),
    });
  } catch (error) {
    const payload = error instanceof ApiError ? error.toJSON() : { code: 'internal', message: String(error) };
    // `call` (and --json) answer every failure as its {code, message}, this one too.
    io.stderr(json || command === 'call' ? JSON.stringify(payload) + '\n' : `triangulate: ${payload.message}\n`);
    return 1;
  }
  let closeWorkspace = true;
  try {
    switch (command) {
      case 'docs': {
        const filter = flag(args, 'filter');
        const docs = await call(dispatcher, 'documents.list', filter ? { query: filter } : {});
        io.stdout(json ? JSON.stringify(docs, null, 2) + '\n' : documentsTable(docs));
        return 0;
      }
      case 'search': {
        const query = args.positional.join(' ');
        if (!query.trim()) throw new UsageError('search needs a query, e.g. triangulate search "Daesh"');
        const limit = wholeNumber(args, 'limit', 1, 50);
        const offset = wholeNumber(args, 'offset', 0, 0);
        const caseSensitive = eitherFlag(args, 'case-sensitive', 'ignore-case');
        const wholeWord = eitherFlag(args, 'whole-word', 'partial');
        const result = await call(dispatcher, 'search.query', {
          query,
          limit,
          offset,
          ...(caseSensitive === undefined ? {} : { caseSensitive }),
          ...(wholeWord === undefined ? {} : { wholeWord }),
        });
        io.stdout(json ? JSON.stringify(result, null, 2) + '\n' : searchText(result, offset));
        return 0;
      }
      case 'stats': {
        const stats = await call(dispatcher, 'workspace.stats', {});
        io.stdout(json ? JSON.stringify(stats, null, 2) + '\n' : statsText(stats));
        return 0;
      }
      case 'import':
        return await importCommand(args, dispatcher, io, json);
      case 'export':
        return await exportCommand(args, dispatcher, io, json);
      case 'report':
        return await reportCommand(args, dispatcher, io, json);
      case 'call': {
        const method = args.positional[0];
        if (!method) throw new UsageError('call needs a method name, e.g. triangulate call documents.list {}');
        const raw = args.positional[1] === '-' ? await io.readStdin() : (args.positional[1] ?? '{}');
        let params: unknown;
        try {
          params = JSON.parse(raw);
        } catch (error) {
          io.stderr(
            JSON.stringify({
              code: 'invalid_params',
              message: `The params are not JSON: ${(error as Error).message}`,
            }) + '\n',
          );
          return 1;
        }
        const reply = await dispatcher.dispatch(method, params);
        if (!reply.ok) {
          io.stderr(JSON.stringify(reply.error) + '\n');
          return 1;
        }
        io.stdout(JSON.stringify(reply.result, null, 2) + '\n');
        return 0;
      }
      case 'serve': {
        const portText = flag(args, 'port');
        const port = portText === undefined ? 0 : Number(portText);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a port number.');
        const server = await startServer({ dispatcher, rendererDir: rendererDir(), port });
        io.stdout(`${server.url}\n`);
        io.stderr(
          `Triangulate is serving ${workspacePath} on 127.0.0.1:${server.port}. Open the URL above; Ctrl+C stops.\n`,
        );
        closeWorkspace = false;
        await new Promise<void>((resolve) => {
          const stop = () => {
            void server
              .close()
              .then(() => dispatcher.close())
              .then(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return 0;
      }
    }
    return 2;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`triangulate: ${error.message}\n${error.command ? `\n${commandUsage(error.command)}` : ''}`);
      return 2;
    }
    const payload: ApiErrorPayload =
      error instanceof ApiError ? error.toJSON() : { code: 'internal', message: (error as Error).message };
    io.stderr(json ? JSON.stringify(payload) + '\n' : `triangulate: ${payload.message}\n`);
    return 1;
  } finally {
    if (closeWorkspace) await dispatcher.close();
  }
}

function withProgress(dispatcher: Dispatcher, io: CliIo, taskId: string): () => void {
  if (!io.isTty) return () => undefined;
  const unsubscribe = dispatcher.subscribe((message: EventMessage) => {
    if (message.event !== 'progress' || message.data.taskId !== taskId) return;
    io.stderr('\r' + progressLine(message.data.done, message.data.total, message.data.message));
  });
  return () => {
    unsubscribe();
    io.stderr('\r\u001b[K');
  };
}

async function importCommand(args: ParsedArgs, dispatcher: Dispatcher, io: CliIo, json: boolean): Promise<number> {
  if (args.positional.length === 0) throw new UsageError('import needs at least one file or folder.');
  const format = flag(args, 'format');
  const taskId = `cli-import-${process.pid}`;
  const done = withProgress(dispatcher, io, taskId);
  try {
    if (format) {
      if (!(IMPORT_FORMATS as readonly string[]).includes(format)) throw formatError(format, IMPORT_FORMATS, 'import');
      const results = [];
      for (const p of args.positional) {
        results.push(
          await call(dispatcher, 'datasets.import', {
            format: format as (typeof IMPORT_FORMATS)[number],
            path: p,
            taskId,
          }),
        );
      }
      done();
      if (json) io.stdout(JSON.stringify(results, null, 2) + '\n');
      else
        for (const [i, r] of results.entries())
          io.stdout(
            `${args.positional[i]}: ${plural(r.documents, 'document')}, ${plural(r.annotations, 'annotation')}, ${plural(r.entities, 'entity')}, ${plural(r.claims, 'claim')}, ${plural(r.relations, 'relation')}\n`,
          );
      return 0;
    }
    // A dataset named without --format would be refused as "unsupported": say what to add.
    for (const p of args.positional) {
      const hint = DATASET_EXTENSIONS[path.extname(p).toLowerCase()];
      if (hint) throw new UsageError(`${p} looks like a tagged dataset: add --format ${hint}.`, 'import');
    }
    const files = expandPaths(args.positional);
    if (files.length === 0) throw new UsageError('No .txt, .md or .html files found there.');
    const result = await call(dispatcher, 'documents.import', {
      sources: files.map((p) => ({ path: path.resolve(p) })),
      taskId,
    });
    done();
    if (json) io.stdout(JSON.stringify(result, null, 2) + '\n');
    else {
      io.stdout(`Imported ${plural(result.imported.length, 'document')}.\n`);
      if (result.imported.length) io.stdout(documentsTable(result.imported));
      for (const s of result.skipped) io.stdout(`Skipped ${s.name}: already in the workspace as ${s.documentId}.\n`);
    }
    return 0;
  } finally {
    done();
  }
}

async function reportCommand(args: ParsedArgs, dispatcher: Dispatcher, io: CliIo, json: boolean): Promise<number> {
  const out = flag(args, 'out');
  if (!out) throw new UsageError('report needs --out FILE, e.g. --out report.html');
  const documentIds = flag(args, 'documents')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const title = flag(args, 'title');
  const result = await call(dispatcher, 'reports.export', {
    outPath: path.resolve(out),
    ...(args.flags.has('force') ? { overwrite: true } : {}),
    ...(documentIds ? { documentIds } : {}),
    ...(title !== undefined ? { title } : {}),
  });
  io.stdout(
    json
      ? JSON.stringify(result, null, 2) + '\n'
      : `Wrote the report on ${plural(result.claims, 'claim')} in ${plural(result.documents, 'document')} to ${result.outPath} (${plural(result.bytes, 'byte')})\n`,
  );
  return 0;
}

async function exportCommand(args: ParsedArgs, dispatcher: Dispatcher, io: CliIo, json: boolean): Promise<number> {
  const format = flag(args, 'format');
  const out = flag(args, 'out');
  if (!format) throw new UsageError(`export needs --format FORMAT, one of ${EXPORT_FORMATS.join(', ')}.`, 'export');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw formatError(format, EXPORT_FORMATS, 'export');
  if (!out) throw new UsageError('export needs --out PATH (brat: a folder; other formats: a file).');
  const status = flag(args, 'status');
  if (status !== undefined && status !== 'accepted' && status !== 'all') {
    throw new UsageError('--status must be accepted or all.');
  }
  const list = (text: string | undefined) =>
    text
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const documentIds = list(flag(args, 'documents'));
  const labels = list(flag(args, 'labels'));
  const taskId = `cli-export-${process.pid}`;
  const done = withProgress(dispatcher, io, taskId);
  try {
    const result = await call(dispatcher, 'datasets.export', {
      format: format as (typeof EXPORT_FORMATS)[number],
      outPath: path.resolve(out),
      taskId,
      ...(args.flags.has('force') ? { overwrite: true } : {}),
      ...(documentIds ? { documentIds } : {}),
      ...(labels ? { labels } : {}),
      ...(status ? { status } : {}),
    });
    done();
    io.stdout(
      json
        ? JSON.stringify(result, null, 2) + '\n'
        : `Exported ${plural(result.annotations, 'annotation')} of ${plural(result.documents, 'document')} as ${result.format} to ${result.outPath}\n`,
    );
    return 0;
  } finally {
    done();
  }
}
