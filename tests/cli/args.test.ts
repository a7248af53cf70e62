/**
 * The command line's grammar (cli/args.ts): strict parsing per command, the errors it gives
 * (naming the option, suggesting the right one) and the usage texts made from the same table.
 */
import { describe, expect, it } from 'vitest';
import { closest, commandUsage, generalUsage, parseCommandLine, UsageError } from '../../cli/args.js';

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('finds the command after the global options and parses its own', () => {
    const parsed = parseCommandLine(['--workspace', 'w.triangulate', 'search', 'IS', '--limit', '5', '--json']);
    expect(parsed.command).toBe('search');
    expect(parsed.positional).toEqual(['IS']);
    expect(Object.fromEntries(parsed.flags)).toEqual({ workspace: 'w.triangulate', limit: '5', json: true });
    expect(parseCommandLine(['stats', '--workspace=x']).flags.get('workspace')).toBe('x');
    expect(parseCommandLine(['call', 'documents.list', '-']).positional).toEqual(['documents.list', '-']);
    expect(parseCommandLine(['search', '--', '-ISIS']).positional).toEqual(['-ISIS']);
  });

  it('refuses an unknown option, naming it and the one meant', () => {
    const error = usageError(['stats', '--jsno']);
    expect(error.message).toBe('unknown option --jsno for stats. Did you mean --json?');
    expect(error.command).toBe('stats');
    expect(usageError(['search', 'x', '--limt', '5']).message).toBe(
      'unknown option --limt for search. Did you mean --limit?',
    );
    // An option of another command is unknown here.
    expect(usageError(['docs', '--limit', '5']).message).toMatch(/^unknown option --limit for docs\./);
    expect(usageError(['--jsno', 'stats']).message).toMatch(/^unknown option --jsno/);
  });

  it('says what is missing or too much', () => {
    expect(usageError(['search', 'x', '--limit']).message).toBe('--limit needs a value.');
    expect(usageError(['stats', '--json=yes']).message).toBe('--json takes no value.');
    expect(usageError(['search']).message).toBe('search needs QUERY.');
    expect(usageError(['import']).message).toBe('import needs PATH.');
    expect(usageError(['stats', 'extra']).message).toBe('stats takes no arguments (got “extra”).');
    expect(usageError(['call', 'a', 'b', 'c']).message).toBe('call takes at most 2 arguments (got “c” too).');
  });

  it('refuses an unknown command, suggesting the near one', () => {
    expect(usageError(['stast']).message).toBe('unknown command “stast”. Did you mean “stats”?');
    expect(usageError(['frobnicate']).message).toBe('unknown command “frobnicate”.');
  });

  it('lets --help through whatever else is missing, and knows no command for --version alone', () => {
    expect(parseCommandLine(['search', '--help']).flags.get('help')).toBe(true);
    expect(parseCommandLine(['--version']).command).toBeNull();
    expect(parseCommandLine([]).command).toBeNull();
  });
});

describe('usage texts', () => {
  it('lists every option of a command with its help', () => {
    const text = commandUsage('export');
    expect(text).toMatch(/^Usage: triangulate \[--workspace FILE\] export --format FORMAT --out PATH \[options\]/);
    for (const option of ['--format FORMAT', '--out PATH', '--documents ID,...', '--status accepted|all', '--force']) {
      expect(text).toContain(option);
    }
    expect(generalUsage('Triangulate', '~/w.triangulate')).toMatch(/\n {2}report --out FILE +the comparison report/);
  });

  it('suggests only close words', () => {
    expect(closest('jsno', ['json', 'filter'])).toBe('json');
    expect(closest('xyz', ['json', 'filter'])).toBeNull();
  });
});
