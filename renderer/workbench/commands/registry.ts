/**
 * The command registry: every command of the workbench, once. A command has an id, a title
 * for people, optional keys bound in one scope (where the focus must be for them to work), a
 * test for whether it can run now and what it does. The same registry answers key presses
 * ({@link CommandRegistry.dispatch}), commands by id from the desktop menu and the toolbar
 * ({@link CommandRegistry.run}) and the shortcuts dialog ({@link shortcutGroups}).
 *
 * Pure and generic: the context a command runs with (`C`) and the scopes (`S`) are the
 * caller's; nothing here touches the DOM or React, so it is tested on plain objects.
 */
import {
  chordId,
  chordMatches,
  formatChord,
  parseChord,
  type KeyChord,
  type KeyInput,
  type Platform,
} from './key-chord.js';

export interface Command<C, S extends string = string> {
  /** Unique in the registry; the desktop menu's command names are ids too. */
  id: string;
  /** What the command does, as the shortcuts dialog says it. */
  title: string;
  /** Key chords (see key-chord.ts), any of which runs the command while the focus is in `scope`. */
  keys?: readonly string[];
  /** Where the keys work; required with `keys`. */
  scope?: S;
  /** Whether the command can run in this context (default: always). */
  enabledWhen?: (context: C) => boolean;
  /**
   * Runs the command. Returning `false` says it did nothing with the key, which then goes on
   * to the browser (Tab leaving the text; the caret keys the text handles itself).
   */
  run: (context: C) => boolean | void;
}

interface Binding<C, S extends string> {
  chord: KeyChord;
  scope: S;
  command: Command<C, S>;
}

/** A command id or a key registered twice. */
export class DuplicateCommandError extends Error {
  override name = 'DuplicateCommandError';
}

export class CommandRegistry<C, S extends string = string> {
  private readonly commands = new Map<string, Command<C, S>>();
  private readonly bindings = new Map<string, Binding<C, S>>();

  constructor(commands: Iterable<Command<C, S>> = []) {
    for (const command of commands) this.register(command);
  }

  /**
   * Adds a command. Refuses (throws {@link DuplicateCommandError}, registering nothing) an id
   * already taken, or a key already bound in the same scope; refuses keys without a scope.
   */
  register(command: Command<C, S>): void {
    if (this.commands.has(command.id)) throw new DuplicateCommandError(`Command "${command.id}" is registered twice`);
    const keys = command.keys ?? [];
    if (keys.length && command.scope === undefined) throw new Error(`Command "${command.id}" has keys but no scope`);
    const added = new Map<string, Binding<C, S>>();
    for (const text of keys) {
      const chord = parseChord(text);
      const id = bindingId(chord, command.scope as S);
      const taken = this.bindings.get(id) ?? added.get(id);
      if (taken) {
        throw new DuplicateCommandError(
          `Key ${text} of "${command.id}" is already bound to "${taken.command.id}" in ${String(command.scope)}`,
        );
      }
      added.set(id, { chord, scope: command.scope as S, command });
    }
    this.commands.set(command.id, command);
    for (const [id, binding] of added) this.bindings.set(id, binding);
  }

  /** The command with this id, if any. */
  get(id: string): Command<C, S> | undefined {
    return this.commands.get(id);
  }

  /** Every command, in registration order. */
  list(): Command<C, S>[] {
    return [...this.commands.values()];
  }

  /** True when `key` (a chord such as `g` or `Mod+Z`) is bound to some command in `scope`. */
  isBound(key: string, scope: S): boolean {
    return this.bindings.has(bindingId(parseChord(key), scope));
  }

  /** Whether the command exists and may run in this context. */
  isEnabled(id: string, context: C): boolean {
    const command = this.commands.get(id);
    return Boolean(command) && (command?.enabledWhen?.(context) ?? true);
  }

  /** Runs a command by id when it is enabled; true when it ran and did something. */
  run(id: string, context: C): boolean {
    const command = this.commands.get(id);
    if (!command || !(command.enabledWhen?.(context) ?? true)) return false;
    return command.run(context) !== false;
  }

  /**
   * The command a key press runs: the scopes are tried in the order given (the most specific
   * first), and the first enabled command bound to the key wins. Null when none.
   */
  match(input: KeyInput, scopes: readonly S[], context: C): Command<C, S> | null {
    for (const scope of scopes) {
      for (const binding of this.bindings.values()) {
        if (binding.scope !== scope || !chordMatches(binding.chord, input)) continue;
        if (binding.command.enabledWhen?.(context) ?? true) return binding.command;
      }
    }
    return null;
  }

  /**
   * Runs the command a key press means (see {@link match}). True when a command handled it:
   * the caller then stops the event; false lets the key go on.
   */
  dispatch(input: KeyInput, scopes: readonly S[], context: C): boolean {
    const command = this.match(input, scopes, context);
    return command ? command.run(context) !== false : false;
  }

  /** The chords of a command, parsed (empty for none or an unknown id). */
  chords(id: string): KeyChord[] {
    return (this.commands.get(id)?.keys ?? []).map(parseChord);
  }
}

function bindingId(chord: KeyChord, scope: string): string {
  return `${scope} ${chordId(chord)}`;
}

export interface Shortcut {
  /** The command's keys for people, e.g. `Ctrl + Shift + Z / Ctrl + Y`. */
  keys: string;
  action: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

/** Writes a command's keys for people, alternatives separated by ` / `. */
export function formatKeys(chords: readonly KeyChord[], platform: Platform = 'other'): string {
  return chords.map((chord) => formatChord(chord, platform)).join(' / ');
}

/**
 * The shortcuts dialog's content, derived from the registry: one group per entry of `groups`
 * (a title and the scopes it shows), each listing the commands with keys in those scopes, in
 * registration order. Commands without keys are left out.
 */
export function shortcutGroups<C, S extends string>(
  registry: CommandRegistry<C, S>,
  groups: ReadonlyArray<{ title: string; scopes: readonly S[] }>,
  platform: Platform = 'other',
): ShortcutGroup[] {
  const commands = registry.list().filter((c) => c.keys?.length);
  return groups.map((group) => ({
    title: group.title,
    shortcuts: commands
      .filter((c) => c.scope !== undefined && group.scopes.includes(c.scope))
      .map((c) => ({ keys: formatKeys(registry.chords(c.id), platform), action: c.title })),
  }));
}
