/**
 * The command line's grammar: each command with its arguments and options, parsed strictly by
 * Node's own `util.parseArgs` (an unknown option, a missing value or a stray argument is a usage
 * error, exit code 2, with the command's usage), and the usage texts made from the same table, so
 * that `triangulate COMMAND --help` and the errors never disagree with what is parsed.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { EXPORT_FORMATS, IMPORT_FORMATS } from '../common/contract.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's placeholder in the usage (string options). */
  value?: string;
  help: string;
}

export interface CommandSpec {
  /** The arguments after the command's name, as the usage shows them. */
  args: string;
  summary: string;
  /** How many arguments it takes. */
  min: number;
  max: number;
  options: Record<string, OptionSpec>;
  /** More lines of help, after the options. */
  notes?: string[];
}

const json: OptionSpec = { type: 'boolean', help: 'print JSON instead of a table' };

/** Options every command takes, before or after its name. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  workspace: { type: 'string', value: 'FILE', help: 'the workspace file' },
  help: { type: 'boolean', help: 'this help' },
  version: { type: 'boolean', help: 'print the version' },
};

export const COMMANDS = {
  docs: {
    args: '',
    summary: 'list the documents of the workspace, with claim / source / entity counts',
    min: 0,
    max: 0,
    options: { json, filter: { type: 'string', value: 'TEXT', help: 'only documents whose title or outlet has TEXT' } },
  },
  import: {
    args: 'PATH...',
    summary: 'import .txt/.md/.html files (a folder: its files); with --format, a tagged dataset',
    min: 1,
    max: Infinity,
    options: {
      format: { type: 'string', value: 'FORMAT', help: `a dataset: ${IMPORT_FORMATS.join(', ')}` },
      json,
    },
  },
  export: {
    args: '--format FORMAT --out PATH',
    summary: 'export a tagged dataset',
    min: 0,
    max: 0,
    options: {
      format: { type: 'string', value: 'FORMAT', help: EXPORT_FORMATS.join(' | ') },
      out: { type: 'string', value: 'PATH', help: 'the file (brat: a folder) to write' },
      documents: { type: 'string', value: 'ID,...', help: 'only these documents' },
      labels: { type: 'string', value: 'NAME,...', help: 'only these labels' },
      status: { type: 'string', value: 'accepted|all', help: 'accepted annotations only (default), or all' },
      force: { type: 'boolean', help: 'replace an existing file (never the workspace itself)' },
      json,
    },
  },
  report: {
    args: '--out FILE',
    summary: 'the comparison report: one self-contained .html file (prints to PDF)',
    min: 0,
    max: 0,
    options: {
      out: { type: 'string', value: 'FILE', help: 'the .html file to write' },
      documents: { type: 'string', value: 'ID,...', help: 'only these documents' },
      title: { type: 'string', value: 'TEXT', help: 'the report’s title' },
      force: { type: 'boolean', help: 'replace an existing file' },
      json,
    },
  },
  search: {
    args: 'QUERY',
    summary: 'every occurrence in the corpus: document, offsets, snippet',
    min: 1,
    max: Infinity,
    options: {
      json,
      limit: { type: 'string', value: 'N', help: 'a page of N hits (default 50)' },
      offset: { type: 'string', value: 'N', help: 'from the N-th hit (default 0)' },
      'case-sensitive': { type: 'boolean', help: 'match case (the default for all-caps words of up to 4 letters)' },
      'ignore-case': { type: 'boolean', help: 'ignore case' },
      'whole-word': { type: 'boolean', help: 'whole words only (the default for all-caps words of up to 4 letters)' },
      partial: { type: 'boolean', help: 'inside words too' },
    },
    notes: ['A query that starts with "-" goes after "--": triangulate search -- -ISIS'],
  },
  stats: {
    args: '',
    summary: 'counts of documents, annotations, entities, claims…',
    min: 0,
    max: 0,
    options: { json },
  },
  call: {
    args: 'METHOD [JSON|-]',
    summary: 'call any API method with JSON params (- reads them from stdin); prints the JSON result',
    min: 1,
    max: 2,
    options: {},
    notes: ['On error, the {code, message} JSON goes to stderr and the exit code is 1.'],
  },
  methods: { args: '', summary: 'every API method with its params as JSON Schema', min: 0, max: 0, options: { json } },
  serve: {
    args: '',
    summary: 'serve the workbench on 127.0.0.1 (the first line printed is its URL)',
    min: 0,
    max: 0,
    options: { port: { type: 'string', value: 'N', help: 'the port (default: any free one)' } },
  },
  help: { args: '[COMMAND]', summary: 'the usage of every command, or of one', min: 0, max: 1, options: {} },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage goes with the message (none: the general usage). */
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

export interface ParsedCommandLine {
  /** Null when none was given (`--version`, `--help`, or nothing at all). */
  command: CommandName | null;
  positional: string[];
  /** Options given, by name: a string value, or true for a switch. */
  flags: Map<string, string | true>;
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** The edit distance of two short strings, a swap of two neighbours counting as one (for "did you mean"). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The closest of `candidates` to `word`, when close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : null;
}

/**
 * Parses `argv` (without the node and script paths). The command is the first argument that is
 * not an option (or the value of `--workspace`); everything is then parsed with the options of
 * that command plus the global ones, strictly.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let at = -1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === '--workspace') {
      i++;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') continue;
    at = i;
    break;
  }
  const name = at >= 0 ? (argv[at] as string) : null;
  if (name !== null && !isCommand(name)) {
    const guess = closest(name, Object.keys(COMMANDS));
    throw new UsageError(`unknown command “${name}”.${guess ? ` Did you mean “${guess}”?` : ''}`);
  }
  const command = name as CommandName | null;
  const spec: CommandSpec | null = command ? COMMANDS[command] : null;
  const options = { ...GLOBAL_OPTIONS, ...(spec?.options ?? {}) };
  const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 1)] : [...argv];
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({
      args: rest,
      options: Object.fromEntries(Object.entries(options).map(([key, o]) => [key, { type: o.type }])),
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error, Object.keys(options), command), command ?? undefined);
  }
  const flags = new Map<string, string | true>();
  for (const [key, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') flags.set(key, value);
    else if (value === true) flags.set(key, true);
  }
  const positional = parsed.positionals;
  if (spec && !flags.has('help')) {
    if (positional.length < spec.min) {
      throw new UsageError(`${command} needs ${spec.args.replace(/\.\.\.$/, '')}.`, command ?? undefined);
    }
    if (positional.length > spec.max) {
      const extra = positional[spec.max] as string;
      throw new UsageError(
        spec.max === 0
          ? `${command} takes no arguments (got “${extra}”).`
          : `${command} takes at most ${spec.max} argument${spec.max === 1 ? '' : 's'} (got “${extra}” too).`,
        command ?? undefined,
      );
    }
  }
  return { command, positional, flags };
}

/** A sentence for util.parseArgs's errors, naming the option and suggesting the right one. */
function parseErrorMessage(error: unknown, known: readonly string[], command: CommandName | null): string {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  const option = /'(-{1,2}[^'\s<]+)/.exec(message)?.[1] ?? '';
  const where = command ? ` for ${command}` : ' before the command';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const guess = closest(option.replace(/^-+/, ''), known);
    return `unknown option ${option}${where}.${guess ? ` Did you mean --${guess}?` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return message.includes('argument missing') ? `${option} needs a value.` : `${option} takes no value.`;
  }
  return message;
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  const left = Object.entries(options).map(([key, o]) => `--${key}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length), 10) + 3;
  return Object.values(options).map((o, i) => `  ${(left[i] as string).padEnd(width)}${o.help}`);
}

/** The usage of one command. */
export function commandUsage(command: CommandName): string {
  const spec: CommandSpec = COMMANDS[command];
  const lines = [`Usage: triangulate [--workspace FILE] ${command}${spec.args ? ` ${spec.args}` : ''} [options]`, ''];
  lines.push(`${spec.summary[0]?.toUpperCase() ?? ''}${spec.summary.slice(1)}.`, '');
  const options = Object.keys(spec.options).length ? spec.options : null;
  if (options) lines.push('Options:', ...optionLines(options), '');
  if (spec.notes) lines.push(...spec.notes, '');
  return lines.join('\n');
}

/** The general usage: every command in one line or two. */
export function generalUsage(header: string, workspaceDefault: string): string {
  const lines = [header, '', 'Usage: triangulate [--workspace FILE] <command> [options]', '', 'Commands:'];
  const names = Object.keys(COMMANDS) as CommandName[];
  const left = names.map((n) => `${n}${COMMANDS[n].args ? ` ${COMMANDS[n].args}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 3;
  names.forEach((n, i) => lines.push(`  ${(left[i] as string).padEnd(width)}${COMMANDS[n].summary}`));
  lines.push(
    '',
    'Options of every command:',
    `  --workspace FILE   the workspace file (default: $TRIANGULATE_WORKSPACE, else`,
    `                     ${workspaceDefault}); created with the seed corpus on first use`,
    '  --help             the usage of a command: triangulate COMMAND --help',
    '  --version          print the version',
    '',
  );
  return lines.join('\n');
}
