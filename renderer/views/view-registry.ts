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
import type { CompareFocus, CompareState } from './compare-model.js';

/** What every view across the articles gets from the workbench. */
export interface ViewProps {
  /** Shows the annotation in its article, in the Read view. */
  onOpenAnnotation: (documentId: string, annotationId: string) => void;
  /** Opens a document in the Read view. */
  onOpenDocument: (documentId: string) => void;
  /** Opens a document in the Read view with a passage selected (a label key then tags it). */
  onOpenRange: (documentId: string, range: { start: number; end: number }) => void;
  /** The side-by-side view's columns and highlighted claim or entity. */
  compare: CompareState;
  /**
   * Changes them (what is not given stays), showing the side-by-side view when `show`: e.g. a
   * claim's row in the Claims view opens its articles side by side with the claim highlighted.
   */
  onCompare: (request: { documentIds?: readonly string[]; focus?: CompareFocus | null; show?: boolean }) => void;
  /** The document open in the Read view, if any. */
  openDocumentId: string | null;
}

export interface ViewSpec {
  /** The tab's name and the view's heading. */
  title: string;
  /** The key that shows it, in the command registry's notation. */
  key: string;
  /** The view itself; the Read view has none (it is the workbench's own layout). */
  component: ComponentType<ViewProps> | null;
}

/** Read first, then the views across the articles, in the order of their tabs. */
export const VIEWS = {
  read: { title: 'Read', key: 'Alt+Shift+R', component: null },
  claims: { title: 'Claims', key: 'Alt+Shift+C', component: ClaimsView },
  entities: { title: 'Entities', key: 'Alt+Shift+E', component: EntitiesView },
  sources: { title: 'Sources', key: 'Alt+Shift+S', component: SourcesView },
  search: { title: 'Search', key: 'Alt+Shift+F', component: SearchView },
  compare: { title: 'Side by side', key: 'Alt+Shift+B', component: CompareView },
} satisfies Record<string, ViewSpec>;

export type ViewName = keyof typeof VIEWS;

export const VIEW_NAMES = Object.keys(VIEWS) as ViewName[];
