/**
 * What the workbench hands every view across the articles (apart from the registry, so that the
 * views and the registry that lists them do not import each other).
 */
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
