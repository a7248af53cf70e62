/**
 * The command registry (renderer/workbench/commands/registry.ts) and the workbench's command
 * set: which key runs which command (Ctrl or Cmd, Shift where it counts, scopes tried most
 * specific first), enabled-when, duplicates refused at registration, the shortcuts dialog's
 * list derived from the registry, and the desktop menu's commands all present.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Label } from '../../common/domain.js';
import { chordMatches, formatChord, parseChord, type KeyInput } from '../../renderer/workbench/commands/key-chord.js';
import {
  CommandRegistry,
  DuplicateCommandError,
  shortcutGroups,
  type Command,
} from '../../renderer/workbench/commands/registry.js';
import {
  createWorkbenchRegistry,
  SHORTCUT_GROUPS,
  type MenuCommandName,
  type WorkbenchContext,
} from '../../renderer/workbench/commands/workbench-commands.js';

type Scope = 'text' | 'list' | 'workbench';
interface Ctx {
  selected: string | null;
  log: string[];
}

const press = (key: string, mods: Partial<Omit<KeyInput, 'key'>> = {}): KeyInput => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

function command(id: string, keys: string[], scope: Scope, extra: Partial<Command<Ctx, Scope>> = {}) {
  return { id, title: id, keys, scope, run: (c: Ctx) => void c.log.push(id), ...extra } satisfies Command<Ctx, Scope>;
}

function sample() {
  return new CommandRegistry<Ctx, Scope>([
    command('undo', ['Mod+Z'], 'workbench'),
    command('redo', ['Mod+Shift+Z', 'Mod+Y'], 'workbench'),
    command('help', ['?'], 'workbench'),
    command('focus.text', ['Alt+2'], 'workbench'),
    command('next', ['Tab'], 'text'),
    command('previous', ['Shift+Tab'], 'text'),
    command('tag', ['g'], 'text'),
    command('delete', ['Delete', 'Backspace'], 'text', { enabledWhen: (c) => c.selected !== null }),
    command('list.delete', ['Delete'], 'list'),
    command('escape', ['Escape'], 'workbench'),
    command('about', [], 'workbench'),
  ]);
}

const ctx = (selected: string | null = null): Ctx => ({ selected, log: [] });
const TEXT: Scope[] = ['text', 'workbench'];

describe('key chords', () => {
  it('parses modifiers, named keys, Space and the + key', () => {
    expect(parseChord('Mod+Shift+Z')).toEqual({ key: 'z', mod: true, shift: true, alt: false });
    expect(parseChord('Alt+1')).toEqual({ key: '1', mod: false, shift: false, alt: true });
    expect(parseChord('+')).toEqual({ key: '+', mod: false, shift: false, alt: false });
    expect(parseChord('Mod++')).toEqual({ key: '+', mod: true, shift: false, alt: false });
    expect(parseChord('Space').key).toBe(' ');
    expect(() => parseChord('Mod+')).toThrow(/names no key/);
    expect(() => parseChord('Shift')).toThrow(/names no key/);
    expect(() => parseChord('Hyper+A')).toThrow(/unknown modifier/);
  });

  it('matches Ctrl and Cmd alike for Mod, and only with Mod', () => {
    const undo = parseChord('Mod+Z');
    expect(chordMatches(undo, press('z', { ctrlKey: true }))).toBe(true);
    expect(chordMatches(undo, press('z', { metaKey: true }))).toBe(true);
    expect(chordMatches(undo, press('z'))).toBe(false);
    expect(chordMatches(undo, press('z', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(chordMatches(parseChord('z'), press('z', { ctrlKey: true }))).toBe(false);
  });

  it('compares Shift for letters and named keys, not for characters that already say it', () => {
    const redo = parseChord('Mod+Shift+Z');
    expect(chordMatches(redo, press('Z', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(chordMatches(redo, press('z', { ctrlKey: true }))).toBe(false);
    expect(chordMatches(parseChord('Mod+Z'), press('Z', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(chordMatches(parseChord('Tab'), press('Tab', { shiftKey: true }))).toBe(false);
    expect(chordMatches(parseChord('Shift+Tab'), press('Tab', { shiftKey: true }))).toBe(true);
    // `?` and `+` are typed with Shift on most layouts.
    expect(chordMatches(parseChord('?'), press('?', { shiftKey: true }))).toBe(true);
    expect(chordMatches(parseChord('+'), press('+', { shiftKey: true }))).toBe(true);
    // Caps Lock: an upper-case letter without Shift is still the letter.
    expect(chordMatches(parseChord('g'), press('G'))).toBe(true);
  });

  it('writes chords for people, on a Mac with its symbols', () => {
    expect(formatChord(parseChord('Mod+Shift+Z'))).toBe('Ctrl + Shift + Z');
    expect(formatChord(parseChord('Mod+Shift+Z'), 'mac')).toBe('⌘ ⇧ Z');
    expect(formatChord(parseChord('Escape'))).toBe('Esc');
    expect(formatChord(parseChord('Shift+Tab'))).toBe('Shift + Tab');
    expect(formatChord(parseChord('?'))).toBe('?');
  });
});

describe('CommandRegistry', () => {
  it('dispatches a key press to the command bound to it', () => {
    const registry = sample();
    const c = ctx();
    expect(registry.dispatch(press('z', { ctrlKey: true }), TEXT, c)).toBe(true);
    expect(registry.dispatch(press('Z', { metaKey: true, shiftKey: true }), TEXT, c)).toBe(true);
    expect(registry.dispatch(press('y', { ctrlKey: true }), TEXT, c)).toBe(true);
    expect(registry.dispatch(press('?', { shiftKey: true }), TEXT, c)).toBe(true);
    expect(registry.dispatch(press('2', { altKey: true }), TEXT, c)).toBe(true);
    expect(registry.dispatch(press('Tab', { shiftKey: true }), TEXT, c)).toBe(true);
    expect(c.log).toEqual(['undo', 'redo', 'redo', 'help', 'focus.text', 'previous']);
  });

  it('leaves alone keys bound to nothing, and keys of a scope the focus is not in', () => {
    const registry = sample();
    const c = ctx();
    expect(registry.dispatch(press('x'), TEXT, c)).toBe(false);
    expect(registry.dispatch(press('g'), ['workbench'], c)).toBe(false);
    expect(registry.dispatch(press('z', { ctrlKey: true }), [], c)).toBe(false);
    expect(c.log).toEqual([]);
  });

  it('runs a command only when it is enabled, by key or by id', () => {
    const registry = sample();
    const none = ctx(null);
    expect(registry.isEnabled('delete', none)).toBe(false);
    expect(registry.dispatch(press('Delete'), TEXT, none)).toBe(false);
    expect(registry.run('delete', none)).toBe(false);
    expect(none.log).toEqual([]);
    const some = ctx('a1');
    expect(registry.dispatch(press('Backspace'), TEXT, some)).toBe(true);
    expect(registry.run('delete', some)).toBe(true);
    expect(some.log).toEqual(['delete', 'delete']);
    expect(registry.run('no-such-command', some)).toBe(false);
  });

  it('tries the scopes in the order given; the same key may mean different things in different scopes', () => {
    const registry = sample();
    const c = ctx('a1');
    registry.dispatch(press('Delete'), ['list', 'workbench'], c);
    registry.dispatch(press('Delete'), ['text', 'workbench'], c);
    expect(c.log).toEqual(['list.delete', 'delete']);
  });

  it('reports a command that returns false as not having handled the key', () => {
    const registry = new CommandRegistry<Ctx, Scope>([command('leave', ['Tab'], 'text', { run: () => false })]);
    expect(registry.dispatch(press('Tab'), ['text'], ctx())).toBe(false);
  });

  it('refuses a duplicate id at registration', () => {
    const registry = sample();
    expect(() => registry.register(command('undo', ['Mod+U'], 'workbench'))).toThrow(DuplicateCommandError);
    expect(registry.isBound('Mod+U', 'workbench')).toBe(false);
  });

  it('refuses a key already bound in the same scope, whatever its spelling, and registers nothing', () => {
    const registry = sample();
    expect(() => registry.register(command('undo2', ['Mod+z'], 'workbench'))).toThrow(/already bound to "undo"/);
    expect(() => registry.register(command('tag2', ['G'], 'text'))).toThrow(DuplicateCommandError);
    expect(() => registry.register(command('both', ['Mod+U', 'Mod+Y'], 'workbench'))).toThrow(DuplicateCommandError);
    expect(registry.get('both')).toBeUndefined();
    expect(registry.isBound('Mod+U', 'workbench')).toBe(false);
    // The same key twice in one command is refused too.
    expect(() => registry.register(command('twice', ['F2', 'F2'], 'workbench'))).toThrow(DuplicateCommandError);
    // The same key in another scope is another binding.
    expect(() => registry.register(command('list.tag', ['g'], 'list'))).not.toThrow();
  });

  it('refuses keys without a scope', () => {
    const registry = new CommandRegistry<Ctx, Scope>();
    expect(() => registry.register({ id: 'x', title: 'x', keys: ['x'], run: () => undefined })).toThrow(/no scope/);
  });

  it('derives the shortcuts list from the commands with keys, grouped by scope, in registration order', () => {
    const groups = shortcutGroups(sample(), [
      { title: 'In the text', scopes: ['text'] },
      { title: 'Anywhere', scopes: ['workbench'] },
    ]);
    expect(groups.map((g) => g.title)).toEqual(['In the text', 'Anywhere']);
    expect(groups[0]?.shortcuts).toEqual([
      { keys: 'Tab', action: 'next' },
      { keys: 'Shift + Tab', action: 'previous' },
      { keys: 'G', action: 'tag' },
      { keys: 'Delete / Backspace', action: 'delete' },
    ]);
    expect(groups[1]?.shortcuts.map((s) => s.keys)).toEqual([
      'Ctrl + Z',
      'Ctrl + Shift + Z / Ctrl + Y',
      '?',
      'Alt + 2',
      'Esc',
    ]);
  });
});

describe('the workbench commands', () => {
  const label = (id: string, name: string, key: string | null): Label => ({
    id,
    name,
    kind: 'entity',
    subtype: null,
    color: '#888888',
    key,
    attributes: [],
    position: 0,
  });
  const labels = [label('claim', 'Claim', 'c'), label('country', 'Country', 'g'), label('other', 'Other', 'g')];

  function fakeContext(where: WorkbenchContext['where'] = 'text') {
    const calls: string[] = [];
    const actions = new Proxy(
      {},
      {
        get:
          (_t, name: string) =>
          (...args: unknown[]) =>
            void calls.push(`${name}(${args.join(',')})`),
      },
    ) as WorkbenchContext['actions'];
    const context: WorkbenchContext = {
      where,
      state: {
        view: 'read',
        documentId: 'd',
        restored: true,
        selectedId: 'a1',
        pick: null,
        candidateId: null,
        pendingSelectId: null,
        pendingRange: null,
        lastClickOffset: null,
        textSelection: null,
        compare: { documentIds: [], focus: null },
      },
      actions,
      list: null,
    };
    return { context, calls };
  }

  it('registers every command of the workbench and one per label key (the first label of a key wins)', () => {
    const registry = createWorkbenchRegistry(labels);
    expect(registry.get('label:claim')?.keys).toEqual(['c']);
    expect(registry.get('label:country')?.keys).toEqual(['g']);
    expect(registry.get('label:other')).toBeUndefined();
    const { context, calls } = fakeContext();
    expect(registry.dispatch(press('g'), ['text', 'workbench', 'anywhere'], context)).toBe(true);
    expect(calls).toEqual(['applyLabel(country)']);
  });

  it('binds no plain letter or digit in the text but the label keys', () => {
    const registry = createWorkbenchRegistry([]);
    for (const key of 'abcdefghijklmnopqrstuvwxyz0123456789') expect(registry.isBound(key, 'text')).toBe(false);
  });

  it('has a command for every command the desktop menu sends', () => {
    const names: Record<MenuCommandName, true> = {
      import: true,
      export: true,
      'export-report': true,
      undo: true,
      redo: true,
      'toggle-theme': true,
      find: true,
      about: true,
      help: true,
      'view.read': true,
      'view.claims': true,
      'view.entities': true,
      'view.sources': true,
      'view.search': true,
      'view.compare': true,
    };
    const registry = createWorkbenchRegistry(labels);
    for (const name of Object.keys(names)) expect(registry.get(name), name).toBeDefined();
    const { context, calls } = fakeContext('menu');
    registry.run('help', context);
    registry.run('export', context);
    registry.run('export-report', context);
    expect(calls).toEqual(['openDialog(help)', 'openDialog(export)', 'exportReport()']);
  });

  it('lets the caret keys and a Tab past the last annotation go on to the text', () => {
    const registry = createWorkbenchRegistry(labels);
    const { context } = fakeContext();
    const navigate = vi.fn(() => false);
    const actions = { ...context.actions, navigate } as unknown as WorkbenchContext['actions'];
    expect(registry.dispatch(press('ArrowLeft'), ['text', 'workbench'], context)).toBe(false);
    expect(registry.dispatch(press('Tab'), ['text', 'workbench'], { ...context, actions })).toBe(false);
    expect(navigate).toHaveBeenCalledWith(1);
  });

  it('shows the label keys in the shortcuts dialog, in the tagset order', () => {
    const groups = shortcutGroups(createWorkbenchRegistry(labels), SHORTCUT_GROUPS);
    expect(groups.map((g) => g.title)).toEqual(['In the text', 'Anywhere', 'In the annotation list']);
    const text = groups[0]?.shortcuts.map((s) => s.action) ?? [];
    expect(text.filter((a) => a.startsWith('Tag the selection'))).toEqual([
      'Tag the selection as Claim (or relabel the selected annotation)',
      'Tag the selection as Country (or relabel the selected annotation)',
    ]);
    expect(groups[1]?.shortcuts.find((s) => s.action.startsWith('Undo'))?.keys).toBe('Ctrl + Z');
    // Commands without keys (menu only) are not listed.
    expect(groups.flatMap((g) => g.shortcuts).some((s) => s.action === 'Export a dataset')).toBe(false);
  });
});
