/** The top bar: the app's name, import/export, undo/redo, theme and help. */
import type { ThemeSetting } from './theme.js';

export interface ToolbarProps {
  connection: 'connecting' | 'open' | 'reconnected' | 'closed';
  theme: ThemeSetting;
  onTheme: (theme: ThemeSetting) => void;
  onImport: () => void;
  onExport: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onHelp: () => void;
  onAbout: () => void;
}

export function Toolbar(props: ToolbarProps) {
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
      {props.connection !== 'open' && props.connection !== 'reconnected' && (
        <span className="connection" role="status">
          {props.connection === 'connecting'
            ? 'Connecting to the workspace…'
            : 'Live updates stopped; reload the page.'}
        </span>
      )}
      <div className="toolbar-actions">
        <button type="button" onClick={props.onImport}>
          Import…
        </button>
        <button type="button" onClick={props.onExport}>
          Export…
        </button>
        <span className="separator" aria-hidden="true" />
        <button type="button" onClick={props.onUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={props.onRedo} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <span className="separator" aria-hidden="true" />
        <label className="theme-select">
          <span>Theme</span>
          <select value={props.theme} onChange={(e) => props.onTheme(e.target.value as ThemeSetting)}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <button type="button" onClick={props.onHelp} aria-keyshortcuts="?" title="Keyboard shortcuts (?)">
          Shortcuts
        </button>
        <button type="button" onClick={props.onAbout}>
          About
        </button>
      </div>
    </header>
  );
}
