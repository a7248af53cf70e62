/**
 * The API contract: every method the workspace answers, with its runtime params schema and its
 * result type, plus the events it pushes. The desktop UI (over IPC), the browser host (over HTTP)
 * and the command line all go through this one table and the one dispatcher that enforces it.
 *
 * This file is the single entry point: the methods are declared per namespace under
 * `common/contract/` (`annotations.ts`, `datasets.ts`, ...) and merged here by
 * {@link mergeMethods}, which refuses, when this module loads, a method name declared twice or
 * declared in the wrong namespace's file.
 *
 * Each method takes exactly one params object. Params are validated at the dispatcher with the
 * method's schema (unknown keys are refused). Results are typed; the results that cross machines
 * (`documents.import`, `datasets.export`, `datasets.import`) also carry a runtime `resultSchema`
 * a host or client can check them with (the dispatcher does not).
 */
import type { z } from 'zod';
import { annotationMethods } from './contract/annotations.js';
import { claimMethods } from './contract/claims.js';
import { datasetMethods } from './contract/datasets.js';
import { documentMethods } from './contract/documents.js';
import { entityMethods } from './contract/entities.js';
import { historyMethods } from './contract/history.js';
import { labelMethods } from './contract/labels.js';
import { noteMethods } from './contract/notes.js';
import { relationMethods } from './contract/relations.js';
import { reportMethods } from './contract/reports.js';
import type { MethodSpec } from './contract/schema.js';
import { searchMethods } from './contract/search.js';
import { sourceMethods } from './contract/sources.js';
import { settingMethods } from './contract/settings.js';
import { taskMethods } from './contract/tasks.js';
import { workspaceMethods } from './contract/workspace.js';
import type { EventMessage } from './contract/events.js';
import type { ExportFormat, ImportFormat } from './contract/datasets.js';

export {
  EXPORT_FORMATS,
  IMPORT_FORMATS,
  datasetExportResult,
  datasetImportResult,
  type ExportFormat,
  type ImportFormat,
} from './contract/datasets.js';
export { documentImportResult, documentSummary } from './contract/documents.js';
export { reportExportResult } from './contract/reports.js';
export { method, methodWithResult, type MethodSpec } from './contract/schema.js';
export type { EventMessage, EventName, Events } from './contract/events.js';

// ---------------------------------------------------------------------------------------------
// Method table

/** One namespace's methods, tagged with the namespace every one of its names must start with. */
export type Namespace = readonly [namespace: string, methods: Readonly<Record<string, MethodSpec>>];

/** `A | B | C` → `A & B & C`. */
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The merged table of some namespaces: every method of every map, flattened into one object type. */
export type Merged<N extends readonly Namespace[]> =
  UnionToIntersection<N[number][1]> extends infer I ? { [K in keyof I]: I[K] } : never;

/**
 * Merges namespace maps into the one method table, in the order given. Throws, naming the method,
 * when a method name is declared twice, or when a name does not start with its namespace and a
 * dot (e.g. `labels.create` in the `annotations` map).
 */
export function mergeMethods<const N extends readonly Namespace[]>(...namespaces: N): Merged<N> {
  const merged: Record<string, MethodSpec> = {};
  const declaredIn = new Map<string, string>();
  for (const [namespace, map] of namespaces) {
    for (const [name, spec] of Object.entries(map)) {
      const earlier = declaredIn.get(name);
      if (earlier !== undefined) {
        throw new Error(`The API method "${name}" is declared twice (in the ${earlier} and ${namespace} namespaces).`);
      }
      if (!name.startsWith(`${namespace}.`) || name.length === namespace.length + 1) {
        throw new Error(
          `The API method "${name}" is declared in the ${namespace} namespace; its name must start with "${namespace}.".`,
        );
      }
      declaredIn.set(name, namespace);
      merged[name] = spec;
    }
  }
  return merged as Merged<N>;
}

/** Every method: wire name → params schema, description and (phantom) result type. */
export const methods = mergeMethods(
  ['workspace', workspaceMethods],
  ['documents', documentMethods],
  ['labels', labelMethods],
  ['annotations', annotationMethods],
  ['entities', entityMethods],
  ['claims', claimMethods],
  ['relations', relationMethods],
  ['sources', sourceMethods],
  ['notes', noteMethods],
  ['history', historyMethods],
  ['search', searchMethods],
  ['settings', settingMethods],
  ['datasets', datasetMethods],
  ['reports', reportMethods],
  ['tasks', taskMethods],
);

/** The type of the method table. */
export type Methods = typeof methods;
/** The wire name of one method, e.g. `annotations.create`. */
export type MethodName = keyof Methods;
/** What a caller passes to a method (before validation: optional fields may be absent). */
export type ParamsOf<M extends MethodName> = z.input<Methods[M]['params']>;
/** What a handler receives: the params after validation (e.g. trimmed text). */
export type ParsedParamsOf<M extends MethodName> = z.output<Methods[M]['params']>;
/** What a method resolves to. */
export type ResultOf<M extends MethodName> = Methods[M]['result'];

/** Every method name, in table order. */
export const METHOD_NAMES = Object.keys(methods) as MethodName[];

/** Whether `name` is a method of the contract (own names only: `__proto__` and the like are not). */
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

// ---------------------------------------------------------------------------------------------
// Transport

/**
 * The one object a transport exposes to the renderer (the Electron preload checks against it with
 * `satisfies`; the HTTP client implements it too).
 */
export interface TriangulateBridge {
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: (message: EventMessage) => void): () => void;
  /**
   * Asks the person for files to read (the desktop's open dialog; the browser's file chooser,
   * then an upload). Resolves with one grant per file, or null when they cancel.
   */
  chooseFiles(request: ChooseFilesRequest): Promise<FileChoice[] | null>;
  /**
   * Asks where an export goes (the desktop's save dialog; in the browser, a download). Resolves
   * with a write grant, or null when they cancel.
   */
  chooseSaveTarget(request: ChooseSaveRequest): Promise<FileChoice | null>;
  /**
   * Hands a finished export to the person: the browser downloads it; the desktop app has already
   * written it where they chose. Resolves with what they got, for the message.
   */
  deliver(choice: FileChoice, options?: { dataOnly?: boolean }): Promise<string>;
}

/** A file the person chose in the workbench: the grant the API takes, and the name to show. */
export interface FileChoice {
  grant: string;
  name: string;
}

/** What {@link TriangulateBridge.chooseFiles} asks for. */
export interface ChooseFilesRequest {
  /** Articles for `documents.import`, or a tagged dataset for `datasets.import`. */
  purpose: 'documents' | 'dataset';
  /** For a dataset: its format (brat also accepts a folder in the desktop app, a .zip anywhere). */
  format?: ImportFormat;
  multiple?: boolean;
  /** Upload progress in bytes (browser host only; the desktop reads the files where they are). */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link TriangulateBridge.chooseSaveTarget} asks for. */
export interface ChooseSaveRequest {
  /** The file (brat: folder) name to suggest. */
  suggestedName: string;
  /** A dataset's format, or `report` for the comparison report (an .html file). */
  format: ExportFormat | 'report';
}
