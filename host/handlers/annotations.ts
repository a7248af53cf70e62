/** Handlers of `annotations.*`. */
import {
  createAnnotation,
  createAnnotations,
  deleteAnnotation,
  getAnnotation,
  listAnnotations,
  updateAnnotation,
} from '../../db/annotations.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function annotationHandlers({ ws }: HandlerContext): NamespaceHandlers<'annotations'> {
  return {
    'annotations.create': (p) => createAnnotation(ws, p),
    'annotations.createMany': (p) => createAnnotations(ws, p),
    'annotations.update': (p) => updateAnnotation(ws, p),
    'annotations.delete': (p) => deleteAnnotation(ws, p.id),
    'annotations.get': (p) => getAnnotation(ws, p.id),
    'annotations.list': (p) => listAnnotations(ws, p),
  };
}
