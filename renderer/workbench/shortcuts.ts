/**
 * The keyboard shortcuts of the workbench, as shown in the help dialog, and the test for "focus
 * is in a text field" (where the workbench leaves keys to the field).
 */

export interface Shortcut {
  keys: string;
  action: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export function shortcutGroups(labels: ReadonlyArray<{ name: string; key: string | null }>): ShortcutGroup[] {
  return [
    {
      title: 'In the text',
      shortcuts: [
        { keys: 'Arrows, Home, End, Page Up/Down', action: 'Move the caret' },
        { keys: 'Shift + arrows (Ctrl + Shift + arrows by word)', action: 'Select text' },
        ...labels
          .filter((l) => l.key)
          .map((l) => ({
            keys: (l.key as string).toUpperCase(),
            action: `Tag the selection as ${l.name} (or relabel the selected annotation)`,
          })),
        {
          keys: 'Tab / Shift + Tab',
          action: 'Select the next / previous annotation (past the last one, leave the text)',
        },
        { keys: 'Enter', action: 'Go to the inspector of the selected annotation (in pick mode: pick it)' },
        { keys: '+ (or Alt + drag)', action: 'Add the selected text as a fragment of the selected annotation' },
        { keys: 'Delete / Backspace', action: 'Delete the selected annotation' },
        { keys: 'Esc', action: 'Clear the selection; cancel pick mode' },
      ],
    },
    {
      title: 'Anywhere',
      shortcuts: [
        { keys: 'Ctrl + Z (⌘ Z)', action: 'Undo the last change (also after a restart)' },
        { keys: 'Ctrl + Shift + Z, Ctrl + Y (⌘ ⇧ Z)', action: 'Redo' },
        { keys: '?', action: 'Show these shortcuts' },
        { keys: 'Alt + 1 / 2 / 3 / 4', action: 'Go to the documents, the text, the inspector, the annotation list' },
      ],
    },
    {
      title: 'In the annotation list',
      shortcuts: [
        { keys: 'Up / Down, Home / End, Page Up / Down', action: 'Move through the annotations' },
        { keys: 'Enter or Space', action: 'Select the annotation in the text' },
        { keys: 'Delete', action: 'Delete it' },
      ],
    },
  ];
}

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
