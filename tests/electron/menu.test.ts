import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions, type MenuOptions } from '../../electron/menu.js';

function fakeActions() {
  return {
    newWorkspace: vi.fn(),
    openWorkspace: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    importDocuments: vi.fn(),
    command: vi.fn(),
  } satisfies MenuActions;
}

function menu(options: Partial<MenuOptions> = {}) {
  const actions = fakeActions();
  const template = buildMenuTemplate(actions, {
    platform: 'linux',
    isDev: false,
    recent: [],
    appName: 'Triangulate',
    ...options,
  });
  const items = new Map<string, MenuItemConstructorOptions>();
  const walk = (list: MenuItemConstructorOptions[]) => {
    for (const item of list) {
      if (item.id) items.set(item.id, item);
      if (Array.isArray(item.submenu)) walk(item.submenu);
    }
  };
  walk(template);
  const click = (id: string) => {
    const item = items.get(id);
    if (!item?.click) throw new Error(`${id} is not clickable`);
    (item.click as () => void)();
  };
  return { template, items, actions, click };
}

const labelsOf = (item: MenuItemConstructorOptions | undefined) =>
  (item?.submenu as MenuItemConstructorOptions[]).map((i) => i.label ?? i.role ?? i.type);

describe('the application menu', () => {
  it('has File, Edit, View and Help on Windows and Linux', () => {
    const { template } = menu();
    expect(template.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });

  it('adds the app menu and Window on macOS, and keeps Quit in the app menu', () => {
    const { template, items } = menu({ platform: 'darwin' });
    expect(template.map((item) => item.label ?? item.role)).toEqual([
      'Triangulate',
      '&File',
      '&Edit',
      '&View',
      'windowMenu',
      '&Help',
    ]);
    expect(items.get('app.quit')?.role).toBe('quit');
    expect(items.has('file.quit')).toBe(false);
    expect(items.get('file.close')?.role).toBe('close');
  });

  it('File: new, open, recent, import, export, export report, quit', () => {
    const { items, actions, click } = menu();
    expect(labelsOf(items.get('file'))).toEqual([
      'New workspace…',
      'Open workspace…',
      'Open recent',
      'separator',
      'Import documents…',
      'Export…',
      'Export report…',
      'separator',
      'Quit',
    ]);
    expect(items.get('file.new-workspace')?.accelerator).toBe('CmdOrCtrl+N');
    expect(items.get('file.open-workspace')?.accelerator).toBe('CmdOrCtrl+O');
    expect(items.get('file.import-documents')?.accelerator).toBe('CmdOrCtrl+I');
    expect(items.get('file.export')?.accelerator).toBe('CmdOrCtrl+E');
    expect(items.get('file.quit')?.role).toBe('quit');

    click('file.new-workspace');
    expect(actions.newWorkspace).toHaveBeenCalledOnce();
    click('file.open-workspace');
    expect(actions.openWorkspace).toHaveBeenCalledOnce();
    click('file.import-documents');
    expect(actions.importDocuments).toHaveBeenCalledOnce();
    click('file.export');
    expect(actions.command).toHaveBeenCalledWith('export');
    click('file.export-report');
    expect(actions.command).toHaveBeenCalledWith('export-report');
  });

  it('Open recent lists the workspaces, newest first, and can be cleared', () => {
    const { items, actions, click } = menu({ recent: ['/data/Baghdad.triangulate', '/data/R&D.triangulate'] });
    expect(labelsOf(items.get('file.open-recent'))).toEqual([
      '/data/Baghdad.triangulate',
      '/data/R&&D.triangulate',
      'separator',
      'Clear menu',
    ]);
    click('file.open-recent.1');
    expect(actions.openRecent).toHaveBeenCalledWith('/data/R&D.triangulate');
    click('file.clear-recent');
    expect(actions.clearRecent).toHaveBeenCalledOnce();
  });

  it('Open recent says so when there is nothing to list', () => {
    const { items } = menu();
    expect(items.get('file.open-recent.none')).toMatchObject({ label: 'No recent workspaces', enabled: false });
    expect(items.get('file.clear-recent')?.enabled).toBe(false);
  });

  it('Edit: undo and redo go to the page as commands, the clipboard items are roles', () => {
    const { items, actions, click } = menu();
    expect(items.get('edit.undo')).toMatchObject({ label: 'Undo', accelerator: 'CmdOrCtrl+Z' });
    expect(items.get('edit.redo')).toMatchObject({ label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z' });
    click('edit.undo');
    click('edit.redo');
    click('edit.find');
    expect(actions.command.mock.calls).toEqual([['undo'], ['redo'], ['find']]);
    expect(['edit.cut', 'edit.copy', 'edit.paste', 'edit.select-all'].map((id) => items.get(id)?.role)).toEqual([
      'cut',
      'copy',
      'paste',
      'selectAll',
    ]);
  });

  it('View: the workbench views with their keys, zoom roles and the dark-mode toggle; reload and DevTools in development only', () => {
    const { items, actions, click } = menu();
    expect(
      ['read', 'claims', 'entities', 'sources', 'search', 'compare'].map((name) => {
        const item = items.get(`view.${name}`);
        return [item?.label, item?.accelerator];
      }),
    ).toEqual([
      ['Read', 'Alt+Shift+R'],
      ['Claims', 'Alt+Shift+C'],
      ['Entities', 'Alt+Shift+E'],
      ['Sources', 'Alt+Shift+S'],
      ['Search', 'Alt+Shift+F'],
      ['Side by side', 'Alt+Shift+B'],
    ]);
    click('view.compare');
    expect(actions.command).toHaveBeenCalledWith('view.compare');
    expect(['view.zoom-in', 'view.zoom-out', 'view.reset-zoom'].map((id) => items.get(id)?.role)).toEqual([
      'zoomIn',
      'zoomOut',
      'resetZoom',
    ]);
    expect(items.get('view.toggle-theme')).toMatchObject({
      label: 'Toggle dark mode',
      accelerator: 'CmdOrCtrl+Shift+D',
    });
    click('view.toggle-theme');
    expect(actions.command).toHaveBeenCalledWith('toggle-theme');
    expect(items.has('view.reload')).toBe(false);
    expect(items.has('view.devtools')).toBe(false);

    const dev = menu({ isDev: true });
    expect(dev.items.get('view.reload')?.role).toBe('reload');
    expect(dev.items.get('view.devtools')?.role).toBe('toggleDevTools');
  });

  it('Help: shortcuts and About open the about panel in the page', () => {
    const { items, actions, click } = menu();
    expect(labelsOf(items.get('help'))).toEqual(['Keyboard shortcuts', 'separator', 'About Triangulate']);
    click('help.shortcuts');
    click('help.about');
    expect(actions.command.mock.calls).toEqual([['about'], ['about']]);
  });

  it('uses no accelerator twice', () => {
    const { items } = menu({ platform: 'darwin', isDev: true });
    const accelerators = [...items.values()].map((item) => item.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});
