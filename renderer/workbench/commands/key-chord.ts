/**
 * Key chords: the text form commands declare their keys in (`Mod+Shift+Z`, `Alt+1`, `?`,
 * `Shift+Tab`), parsed once into a {@link KeyChord}, matched against key events, and written
 * for people (`Ctrl + Shift + Z`, or `⌘ ⇧ Z` on a Mac). Pure: no DOM, no React.
 *
 * `Mod` is Ctrl or Cmd (either one matches, as on every platform the workbench runs on). Shift
 * counts for letters, digits and named keys (`Tab`, `Escape`); for other characters (`?`, `+`)
 * the character itself already says whether Shift was held, so Shift is not compared.
 */

/** A parsed chord: the key as `KeyboardEvent.key` reports it (letters in lower case) plus modifiers. */
export interface KeyChord {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

/** The part of a keyboard event a chord is matched against (a DOM `KeyboardEvent` is one). */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const MODIFIERS = new Set(['Mod', 'Shift', 'Alt']);

/** `a`..`z` in lower case, so Caps Lock does not change which command a letter runs. */
function normalizeKey(key: string): string {
  return key.length === 1 ? key.toLowerCase() : key;
}

/** True when Shift is part of what the key means (see the module comment). */
function shiftMatters(key: string): boolean {
  return key.length > 1 || /^[a-z0-9 ]$/.test(key);
}

/**
 * Parses `Mod+Shift+Z`, `Alt+1`, `Shift+Tab`, `?`, `+`, `Mod++`, `Space`. Throws on an empty
 * chord, an unknown modifier or a chord of modifiers only.
 */
export function parseChord(text: string): KeyChord {
  let parts: string[];
  if (text === '+') parts = ['+'];
  else if (text.endsWith('++')) parts = [...text.slice(0, -2).split('+'), '+'];
  else parts = text.split('+');
  const key = parts.pop();
  if (!key || MODIFIERS.has(key)) throw new Error(`Key chord "${text}" names no key`);
  for (const part of parts) {
    if (!MODIFIERS.has(part)) throw new Error(`Key chord "${text}": unknown modifier "${part}"`);
  }
  return {
    key: normalizeKey(key === 'Space' ? ' ' : key),
    mod: parts.includes('Mod'),
    shift: parts.includes('Shift'),
    alt: parts.includes('Alt'),
  };
}

/** True when the key event is this chord. */
export function chordMatches(chord: KeyChord, input: KeyInput): boolean {
  if (normalizeKey(input.key) !== chord.key) return false;
  if ((input.ctrlKey || input.metaKey) !== chord.mod) return false;
  if (input.altKey !== chord.alt) return false;
  return !shiftMatters(chord.key) || input.shiftKey === chord.shift;
}

/** One string per chord meaning: two chords with the same id are the same keys. */
export function chordId(chord: KeyChord): string {
  const shift = shiftMatters(chord.key) && chord.shift;
  return `${chord.mod ? 'Mod+' : ''}${chord.alt ? 'Alt+' : ''}${shift ? 'Shift+' : ''}${chord.key}`;
}

const KEY_NAMES: Record<string, string> = {
  ' ': 'Space',
  Escape: 'Esc',
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  PageUp: 'Page Up',
  PageDown: 'Page Down',
};

export type Platform = 'mac' | 'other';

/** A chord for people: `Ctrl + Shift + Z` (`⌘ ⇧ Z` on a Mac), `Alt + 1`, `?`. */
export function formatChord(chord: KeyChord, platform: Platform = 'other'): string {
  const key = KEY_NAMES[chord.key] ?? (chord.key.length === 1 ? chord.key.toUpperCase() : chord.key);
  const shift = shiftMatters(chord.key) && chord.shift;
  if (platform === 'mac') {
    return [chord.mod ? '⌘' : '', chord.alt ? '⌥' : '', shift ? '⇧' : '', key].filter(Boolean).join(' ');
  }
  return [chord.mod ? 'Ctrl' : '', chord.alt ? 'Alt' : '', shift ? 'Shift' : '', key].filter(Boolean).join(' + ');
}

/** A chord in the syntax of the `aria-keyshortcuts` attribute (`Control+Shift+Z`). */
export function ariaChord(chord: KeyChord): string {
  const key = chord.key === ' ' ? 'Space' : chord.key.length === 1 ? chord.key.toUpperCase() : chord.key;
  const shift = shiftMatters(chord.key) && chord.shift;
  return [chord.mod ? 'Control' : '', chord.alt ? 'Alt' : '', shift ? 'Shift' : '', key].filter(Boolean).join('+');
}
