/**
 * The workbench's views, by name: the title of each (its tab, its heading, its menu item) and
 * the key that shows it. The renderer's view registry gives each its component; the desktop
 * menu lists them under View, sending `view.NAME` commands.
 */
export const VIEW_SPECS = {
  read: { title: 'Read', key: 'Alt+Shift+R' },
  claims: { title: 'Claims', key: 'Alt+Shift+C' },
  entities: { title: 'Entities', key: 'Alt+Shift+E' },
  sources: { title: 'Sources', key: 'Alt+Shift+S' },
  search: { title: 'Search', key: 'Alt+Shift+F' },
  compare: { title: 'Side by side', key: 'Alt+Shift+B' },
} as const satisfies Record<string, { title: string; key: string }>;

export type ViewName = keyof typeof VIEW_SPECS;

/** In the order of their tabs: Read first, then the views across the articles. */
export const VIEW_NAMES = Object.keys(VIEW_SPECS) as ViewName[];
