/**
 * The application menu, as a pure template: `buildMenuTemplate(actions, options)` returns the
 * `MenuItemConstructorOptions[]` that main.ts hands to `Menu.buildFromTemplate`, and what each
 * item does is one of the injected actions. Items that the page carries out (undo and redo, the
 * export dialog, the theme, find, about) become `command` events for the renderer; undo goes there
 * rather than straight to `history.undo` so that Ctrl+Z in a text field still undoes typing.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Events } from '../common/contract.js';
import { VIEW_NAMES, VIEW_SPECS } from '../common/views.js';

export type CommandName = Events['command']['name'];

/** What the menu can ask for. */
export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  openRecent(file: string): void;
  clearRecent(): void;
  importDocuments(): void;
  /** Sends a `command` event to the page. */
  command(name: CommandName): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Development builds get Reload and DevTools. */
  isDev: boolean;
  /** Recent workspace files, newest first. */
  recent: readonly string[];
  appName: string;
}

/** On Windows and Linux `&` marks a mnemonic; a literal one is written `&&`. */
function menuLabelText(text: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? text : text.replace(/&/g, '&&');
}

function recentSubmenu(actions: MenuActions, options: MenuOptions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = options.recent.map((file, index) => ({
    id: `file.open-recent.${index}`,
    label: menuLabelText(file, options.platform),
    click: () => actions.openRecent(file),
  }));
  if (items.length === 0) items.push({ id: 'file.open-recent.none', label: 'No recent workspaces', enabled: false });
  items.push(
    { type: 'separator' },
    {
      id: 'file.clear-recent',
      label: 'Clear menu',
      enabled: options.recent.length > 0,
      click: () => actions.clearRecent(),
    },
  );
  return items;
}

/** The whole menu bar. Every clickable item has a stable `id` (`file.export`, `edit.undo`, ...). */
export function buildMenuTemplate(actions: MenuActions, options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const command = (name: CommandName) => () => actions.command(name);
  const about: MenuItemConstructorOptions = {
    id: 'help.about',
    label: `About ${options.appName}`,
    click: command('about'),
  };

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: options.appName,
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { id: 'app.quit', role: 'quit' },
      ],
    });
  }

  template.push({
    id: 'file',
    label: '&File',
    submenu: [
      {
        id: 'file.new-workspace',
        label: 'New workspace…',
        accelerator: 'CmdOrCtrl+N',
        click: () => actions.newWorkspace(),
      },
      {
        id: 'file.open-workspace',
        label: 'Open workspace…',
        accelerator: 'CmdOrCtrl+O',
        click: () => actions.openWorkspace(),
      },
      { id: 'file.open-recent', label: 'Open recent', submenu: recentSubmenu(actions, options) },
      { type: 'separator' },
      {
        id: 'file.import-documents',
        label: 'Import documents…',
        accelerator: 'CmdOrCtrl+I',
        click: () => actions.importDocuments(),
      },
      { id: 'file.export', label: 'Export…', accelerator: 'CmdOrCtrl+E', click: command('export') },
      { id: 'file.export-report', label: 'Export report…', click: command('export-report') },
      { type: 'separator' },
      mac ? { id: 'file.close', role: 'close' } : { id: 'file.quit', role: 'quit', label: 'Quit' },
    ],
  });

  template.push({
    id: 'edit',
    label: '&Edit',
    submenu: [
      { id: 'edit.undo', label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: command('undo') },
      { id: 'edit.redo', label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: command('redo') },
      { type: 'separator' },
      { id: 'edit.cut', role: 'cut' },
      { id: 'edit.copy', role: 'copy' },
      { id: 'edit.paste', role: 'paste' },
      { id: 'edit.select-all', role: 'selectAll' },
      { type: 'separator' },
      { id: 'edit.find', label: 'Find…', accelerator: 'CmdOrCtrl+F', click: command('find') },
    ],
  });

  const view: MenuItemConstructorOptions[] = [
    // The workbench's views (its tabs), each with the key the page binds to it.
    ...VIEW_NAMES.map((name): MenuItemConstructorOptions => ({
      id: `view.${name}`,
      label: menuLabelText(VIEW_SPECS[name].title, options.platform),
      accelerator: VIEW_SPECS[name].key,
      click: command(`view.${name}`),
    })),
    { type: 'separator' },
    { id: 'view.zoom-in', role: 'zoomIn' },
    { id: 'view.zoom-out', role: 'zoomOut' },
    { id: 'view.reset-zoom', role: 'resetZoom' },
    { type: 'separator' },
    {
      id: 'view.toggle-theme',
      label: 'Toggle dark mode',
      accelerator: 'CmdOrCtrl+Shift+D',
      click: command('toggle-theme'),
    },
    { id: 'view.fullscreen', role: 'togglefullscreen' },
  ];
  if (options.isDev) {
    view.push(
      { type: 'separator' },
      { id: 'view.reload', role: 'reload' },
      { id: 'view.force-reload', role: 'forceReload' },
      { id: 'view.devtools', role: 'toggleDevTools' },
    );
  }
  template.push({ id: 'view', label: '&View', submenu: view });

  if (mac) template.push({ role: 'windowMenu' });

  template.push({
    id: 'help',
    label: '&Help',
    role: 'help',
    submenu: [
      {
        id: 'help.shortcuts',
        label: 'Keyboard shortcuts',
        accelerator: 'CmdOrCtrl+/',
        click: command('about'),
      },
      ...(mac ? [] : [{ type: 'separator' } as const, about]),
    ],
  });
  return template;
}
