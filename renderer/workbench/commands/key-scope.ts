/**
 * Where a key was pressed, as the command scopes it activates: in the text (the reader), in
 * the annotation list, elsewhere in the workbench, or in a text field (where the workbench
 * leaves keys to the field). While a modal dialog is open no scope is active: the dialog owns
 * the keyboard (its Esc closes it).
 */

/**
 * The scopes keys are bound in:
 * - `text`: the focus is in the reader's text;
 * - `list`: the focus is on the list of annotations;
 * - `workbench`: anywhere but a text field (the text and the list included);
 * - `anywhere`: text fields included.
 */
export type Scope = 'text' | 'list' | 'workbench' | 'anywhere';

/** Where the focus was for a key press (or `menu`: a command from the menu or a button). */
export type Where = 'text' | 'list' | 'elsewhere' | 'menu';

/** True when keys typed at `target` belong to a text field, not to the workbench. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('.reader-text')) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type);
  }
  return false;
}

/** Where a key pressed at `target` was pressed. */
export function whereIs(target: EventTarget | null): Where {
  if (!(target instanceof Element)) return 'elsewhere';
  // The side-by-side view's texts are for reading: tagging keys belong to the Read view's text.
  if (target.closest('.reader-text') && !target.closest('[data-reader="compare"]')) return 'text';
  if (target.closest('.annotation-list[role="listbox"]')) return 'list';
  return 'elsewhere';
}

/** The scopes a key pressed at `target` reaches, the most specific first. */
export function activeScopes(target: EventTarget | null): Scope[] {
  if (document.querySelector('dialog[open]')) return [];
  if (isTextField(target)) return ['anywhere'];
  const where = whereIs(target);
  if (where === 'text' || where === 'list') return [where, 'workbench', 'anywhere'];
  return ['workbench', 'anywhere'];
}
