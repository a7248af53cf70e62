/**
 * The workbench's commands, each written once: its id, its title for the shortcuts dialog, its
 * keys and where they work, when it can run and what it does (a call into the workbench's
 * actions, see use-workbench-actions.ts). The ids of the commands the desktop menu sends
 * (`import`, `export`, `undo`, `redo`, `toggle-theme`, `find`, `about`, `help`: the `command`
 * event of common/contract.ts) are the menu's names.
 *
 * Label keys are commands too, one per label with a key, made from the current tagset.
 */
import type { Events } from '../../../common/contract.js';
import type { Label } from '../../../common/domain.js';
import type { WorkbenchState } from '../workbench-state.js';
import type { WorkbenchActions } from '../use-workbench-actions.js';
import type { AnnotationListHandle } from '../annotation-list.js';
import type { Scope, Where } from './key-scope.js';
import { CommandRegistry, type Command } from './registry.js';
import { VIEW_NAMES, VIEWS } from '../../views/view-registry.js';

/** What a command runs with: the state of the latest render and the actions over it. */
export interface WorkbenchContext {
  /** Where the focus was for a key press; `menu` for the menu and the toolbar. */
  where: Where;
  state: WorkbenchState;
  actions: WorkbenchActions;
  /** The list of annotations, for its own keys. */
  list: AnnotationListHandle | null;
}

export type WorkbenchCommand = Command<WorkbenchContext, Scope>;
export type WorkbenchRegistry = CommandRegistry<WorkbenchContext, Scope>;

/** The desktop menu's command names, each the id of a command here. */
export type MenuCommandName = Events['command']['name'];

/** How the shortcuts dialog groups the commands. */
export const SHORTCUT_GROUPS: ReadonlyArray<{ title: string; scopes: readonly Scope[] }> = [
  { title: 'In the text', scopes: ['text'] },
  { title: 'Anywhere', scopes: ['workbench', 'anywhere'] },
  { title: 'In the annotation list', scopes: ['list'] },
];

/** Keys the text handles itself (the browser's caret): listed, never handled here. */
const textCaretCommands: WorkbenchCommand[] = [
  {
    id: 'text.caret',
    title: 'Move the caret',
    keys: ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'],
    scope: 'text',
    run: () => false,
  },
  {
    id: 'text.edges',
    title: 'Go to the start / end of the text',
    keys: ['Mod+Home', 'Mod+End'],
    scope: 'text',
    run: () => false,
  },
  {
    id: 'text.select',
    title: 'Select text (with Ctrl: by word)',
    keys: ['Shift+ArrowLeft', 'Shift+ArrowRight', 'Shift+ArrowUp', 'Shift+ArrowDown'],
    scope: 'text',
    run: () => false,
  },
];

const hasSelection = (c: WorkbenchContext) => c.state.selectedId !== null;

const textCommands: WorkbenchCommand[] = [
  {
    id: 'text.next-annotation',
    title: 'Select the next annotation (in pick mode: the next candidate); past the last one, leave the text',
    keys: ['Tab'],
    scope: 'text',
    run: (c) => c.actions.navigate(1),
  },
  {
    id: 'text.previous-annotation',
    title: 'Select the previous annotation (in pick mode: the previous candidate)',
    keys: ['Shift+Tab'],
    scope: 'text',
    run: (c) => c.actions.navigate(-1),
  },
  {
    id: 'text.inspect',
    title: 'Go to the inspector of the selected annotation (in pick mode: pick the candidate)',
    keys: ['Enter'],
    scope: 'text',
    run: (c) => c.actions.enter(),
  },
  {
    id: 'text.add-fragment',
    title: 'Add the selected text as a fragment of the selected annotation (or Alt + drag)',
    keys: ['+'],
    scope: 'text',
    run: (c) => c.actions.addFragment(),
  },
  {
    id: 'text.delete',
    title: 'Delete the selected annotation',
    keys: ['Delete', 'Backspace'],
    scope: 'text',
    enabledWhen: hasSelection,
    run: (c) => {
      if (c.state.selectedId) c.actions.deleteAnnotation(c.state.selectedId);
    },
  },
];

const workbenchCommands: WorkbenchCommand[] = [
  {
    id: 'undo',
    title: 'Undo your last change (asks before undoing someone else’s)',
    keys: ['Mod+Z'],
    scope: 'workbench',
    run: (c) => c.actions.undo(),
  },
  {
    id: 'redo',
    title: 'Redo what you last undid',
    keys: ['Mod+Shift+Z', 'Mod+Y'],
    scope: 'workbench',
    run: (c) => c.actions.redo(),
  },
  {
    id: 'escape',
    title: 'Clear the selection; cancel pick mode',
    keys: ['Escape'],
    scope: 'workbench',
    run: (c) => c.actions.escape(c.where),
  },
  {
    id: 'help',
    title: 'Show these shortcuts',
    keys: ['?'],
    scope: 'workbench',
    run: (c) => c.actions.openDialog('help'),
  },
  {
    id: 'focus.documents',
    title: 'Go to the documents',
    keys: ['Alt+1'],
    scope: 'anywhere',
    run: (c) => c.actions.focusRegion(1),
  },
  {
    id: 'focus.text',
    title: 'Go to the text',
    keys: ['Alt+2'],
    scope: 'anywhere',
    run: (c) => c.actions.focusRegion(2),
  },
  {
    id: 'focus.inspector',
    title: 'Go to the inspector',
    keys: ['Alt+3'],
    scope: 'anywhere',
    run: (c) => c.actions.focusRegion(3),
  },
  {
    id: 'focus.list',
    title: 'Go to the annotation list',
    keys: ['Alt+4'],
    scope: 'anywhere',
    run: (c) => c.actions.focusRegion(4),
  },
];

/** Commands of the menu and the toolbar that have no key. */
const menuCommands: WorkbenchCommand[] = [
  { id: 'import', title: 'Import documents', run: (c) => c.actions.openDialog('import') },
  { id: 'export', title: 'Export a dataset', run: (c) => c.actions.openDialog('export') },
  {
    id: 'export-report',
    title: 'Export the comparison report (one HTML file: matrix, evidence, charts, entities; prints to PDF)',
    run: (c) => c.actions.exportReport(),
  },
  { id: 'about', title: 'About Triangulate', run: (c) => c.actions.openDialog('about') },
  { id: 'toggle-theme', title: 'Switch between the light and the dark theme', run: (c) => c.actions.toggleTheme() },
  { id: 'find', title: 'Find a document', run: (c) => c.actions.find() },
];

/** One command per view: show it (its tab in the top bar runs the same command). */
const viewCommands: WorkbenchCommand[] = VIEW_NAMES.map((name) => ({
  id: `view.${name}`,
  title: `Show the ${VIEWS[name].title} view`,
  keys: [VIEWS[name].key],
  scope: 'anywhere',
  run: (c: WorkbenchContext) => c.actions.showView(name),
}));

const listHasItems = (c: WorkbenchContext) => (c.list?.size() ?? 0) > 0;

const listCommands: WorkbenchCommand[] = [
  {
    id: 'list.next',
    title: 'Next annotation',
    keys: ['ArrowDown'],
    scope: 'list',
    enabledWhen: listHasItems,
    run: (c) => c.list?.move('next'),
  },
  {
    id: 'list.previous',
    title: 'Previous annotation',
    keys: ['ArrowUp'],
    scope: 'list',
    enabledWhen: listHasItems,
    run: (c) => c.list?.move('previous'),
  },
  {
    id: 'list.first',
    title: 'First annotation',
    keys: ['Home'],
    scope: 'list',
    enabledWhen: listHasItems,
    run: (c) => c.list?.move('first'),
  },
  {
    id: 'list.last',
    title: 'Last annotation',
    keys: ['End'],
    scope: 'list',
    enabledWhen: listHasItems,
    run: (c) => c.list?.move('last'),
  },
  {
    id: 'list.page-down',
    title: 'A page down',
    keys: ['PageDown'],
    scope: 'list',
    enabledWhen: listHasItems,
    run: (c) => c.list?.move('page-down'),
  },
  {
    id: 'list.page-up',
    title: 'A page up',
    keys: ['PageUp'],
    scope: 'list',
    enabledWhen: listHasItems,
    run: (c) => c.list?.move('page-up'),
  },
  {
    id: 'list.activate',
    title: 'Select the annotation in the text (in pick mode: pick it)',
    keys: ['Enter', 'Space'],
    scope: 'list',
    enabledWhen: listHasItems,
    run: (c) => c.list?.activate(),
  },
  {
    id: 'list.delete',
    title: 'Delete the annotation',
    keys: ['Delete'],
    scope: 'list',
    enabledWhen: listHasItems,
    run: (c) => c.list?.deleteActive(),
  },
];

/**
 * One command per label with a key (a letter or a digit, as label keys are): tag the text
 * selection with the label, or relabel the selected annotation. A key taken by an earlier
 * label is left to that one. No other command of the text binds a plain letter or digit.
 */
export function labelCommands(labels: readonly Label[]): WorkbenchCommand[] {
  const taken = new Set<string>();
  const commands: WorkbenchCommand[] = [];
  for (const label of labels) {
    const key = label.key?.toLowerCase();
    if (!key || !/^[a-z0-9]$/.test(key) || taken.has(key)) continue;
    taken.add(key);
    commands.push({
      id: `label:${label.id}`,
      title: `Tag the selection as ${label.name} (or relabel the selected annotation)`,
      keys: [key],
      scope: 'text',
      run: (c) => c.actions.applyLabel(label.id),
    });
  }
  return commands;
}

/**
 * The registry of every workbench command for this tagset, in the shortcuts dialog's order
 * (the label keys after the caret keys, before the other keys of the text).
 */
export function createWorkbenchRegistry(labels: readonly Label[]): WorkbenchRegistry {
  return new CommandRegistry([
    ...textCaretCommands,
    ...labelCommands(labels),
    ...textCommands,
    ...workbenchCommands,
    ...menuCommands,
    ...viewCommands,
    ...listCommands,
  ]);
}
