/**
 * The workbench's views: Read (the corpus, the reader and the inspector) and the views across
 * the articles, each a tab of the top bar, a command with its key, and a component filling the
 * area below the bar. A view reaches a passage through `onOpenAnnotation`, which switches to Read
 * with that annotation selected.
 */
import type { ComponentType } from 'react';
import { ClaimsView } from './claims-view.js';
import { EntitiesView } from './entities-view.js';
import { SourcesView } from './sources-view.js';
import { SearchView } from './search-view.js';
import { CompareView } from './compare-view.js';
import type { ViewProps } from './view-props.js';
import { VIEW_NAMES, VIEW_SPECS, type ViewName } from '../../common/views.js';

export type { ViewProps };

export interface ViewSpec {
  /** The tab's name and the view's heading. */
  title: string;
  /** The key that shows it, in the command registry's notation. */
  key: string;
  /** The view itself; the Read view has none (it is the workbench's own layout). */
  component: ComponentType<ViewProps> | null;
}

/** Each view's title and key (common/views.ts) with its component, in the order of the tabs. */
export const VIEWS: Record<ViewName, ViewSpec> = {
  read: { ...VIEW_SPECS.read, component: null },
  claims: { ...VIEW_SPECS.claims, component: ClaimsView },
  entities: { ...VIEW_SPECS.entities, component: EntitiesView },
  sources: { ...VIEW_SPECS.sources, component: SourcesView },
  search: { ...VIEW_SPECS.search, component: SearchView },
  compare: { ...VIEW_SPECS.compare, component: CompareView },
};

export { VIEW_NAMES, type ViewName };
