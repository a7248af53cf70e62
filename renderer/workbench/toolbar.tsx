/**
 * The top bar: the app's name, the connection state, and buttons that run the registry's
 * commands (import, export, export report, undo, redo, shortcuts, about), each showing the keys the registry
 * binds to it; and the theme setting.
 */
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.js';
import { useSettings } from '../data/workspace-data.js';
import { ariaChord } from './commands/key-chord.js';
import { formatKeys } from './commands/registry.js';
import type { WorkbenchRegistry } from './commands/workbench-commands.js';
import { useReportExport } from './report-export.js';
import { themeSetting, type ThemeSetting } from './theme.js';
import { VIEW_NAMES, VIEWS, type ViewName } from '../views/view-registry.js';

export interface ToolbarProps {
  registry: WorkbenchRegistry;
  onCommand: (id: string) => void;
  /** The view on show (its tab is the selected one). */
  view: ViewName;
}

export function Toolbar({ registry, onCommand, view }: ToolbarProps) {
  const api = useApi();
  const settings = useSettings();
  const report = useReportExport();
  const [connection, setConnection] = useState(api.connectionState);
  useEffect(() => api.onConnection(setConnection), [api]);

  /** A button running a command, named `name`, with its keys in `title` and `aria-keyshortcuts`. */
  const commandButton = (id: string, name: string, busy = false) => {
    const chords = registry.chords(id);
    return (
      <button
        type="button"
        onClick={() => onCommand(id)}
        {...(busy ? { 'aria-busy': true, 'aria-disabled': true } : {})}
        aria-keyshortcuts={chords.length ? chords.map(ariaChord).join(' ') : undefined}
        title={chords.length ? `${name} (${formatKeys(chords)})` : undefined}
      >
        {name}
      </button>
    );
  };

  return (
    <header className="topbar">
      <a
        className="skip-link"
        href="#reader-region"
        onClick={(e) => {
          e.preventDefault();
          (document.querySelector('.reader-text') as HTMLElement | null)?.focus();
        }}
      >
        Skip to the text
      </a>
      <h1 className="app-name">
        <span className="logo" aria-hidden="true">
          ◭
        </span>
        Triangulate
      </h1>
      {connection !== 'open' && connection !== 'reconnected' && (
        <span className="connection" role="status">
          {connection === 'connecting' ? 'Connecting to the workspace…' : 'Live updates stopped; reload the page.'}
        </span>
      )}
      {VIEW_NAMES.length > 1 && <ViewTabs registry={registry} onCommand={onCommand} view={view} />}
      <div className="toolbar-actions">
        {commandButton('import', 'Import…')}
        {commandButton('export', 'Export…')}
        {commandButton('export-report', report.busy ? 'Exporting report…' : 'Export report…', report.busy)}
        <span className="separator" aria-hidden="true" />
        {commandButton('undo', 'Undo')}
        {commandButton('redo', 'Redo')}
        <span className="separator" aria-hidden="true" />
        <label className="theme-select">
          <span>Theme</span>
          <select
            value={themeSetting(settings.values?.theme)}
            onChange={(e) => settings.set('theme', e.target.value as ThemeSetting)}
          >
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        {commandButton('help', 'Shortcuts')}
        {commandButton('about', 'About')}
      </div>
    </header>
  );
}

/**
 * The views as tabs (WAI-ARIA tabs, manual activation): each runs its `view.NAME` command; the
 * arrow keys, Home and End move between the tabs, Enter or Space shows the focused one.
 */
function ViewTabs({ registry, onCommand, view }: ToolbarProps) {
  const move = (event: React.KeyboardEvent<HTMLButtonElement>) => {
    const tabs = Array.from(
      event.currentTarget.parentElement?.querySelectorAll<HTMLButtonElement>('[role="tab"]') ?? [],
    );
    const at = tabs.indexOf(event.currentTarget);
    const next =
      event.key === 'ArrowRight'
        ? tabs[(at + 1) % tabs.length]
        : event.key === 'ArrowLeft'
          ? tabs[(at - 1 + tabs.length) % tabs.length]
          : event.key === 'Home'
            ? tabs[0]
            : event.key === 'End'
              ? tabs[tabs.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    next.focus();
  };
  return (
    <div className="view-tabs" role="tablist" aria-label="Views">
      {VIEW_NAMES.map((name) => {
        const chords = registry.chords(`view.${name}`);
        return (
          <button
            key={name}
            type="button"
            role="tab"
            id={`view-tab-${name}`}
            aria-selected={view === name}
            aria-controls={`view-${name}`}
            tabIndex={view === name ? 0 : -1}
            aria-keyshortcuts={chords.length ? chords.map(ariaChord).join(' ') : undefined}
            title={chords.length ? `${VIEWS[name].title} (${formatKeys(chords)})` : undefined}
            onKeyDown={move}
            onClick={() => onCommand(`view.${name}`)}
          >
            {VIEWS[name].title}
          </button>
        );
      })}
    </div>
  );
}
