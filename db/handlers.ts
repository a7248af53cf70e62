/**
 * The handler table: one function per API method, each calling the workspace. The dispatcher
 * validates params before any of these runs; transports (IPC, HTTP, CLI) never call them
 * directly.
 */
import os from 'node:os';
import path from 'node:path';
import type { MethodName, ParsedParamsOf, ResultOf } from '../common/contract.js';
import { exportDataset, importDataset } from './datasets/index.js';
import { importDocuments } from './import/documents.js';
import { TaskRegistry } from './tasks.js';
import type { Workspace } from './workspace.js';

export type Handlers = {
  [M in MethodName]: (params: ParsedParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
};

let taskCounter = 0;
function taskIdOf(given: string | undefined, kind: string): string {
  return given ?? `${kind}-${Date.now().toString(36)}-${++taskCounter}`;
}

/** The folder relative dataset paths resolve against: the workspace's own (home for in-memory ones). */
function workspaceFolder(ws: Workspace): string {
  return ws.path === ':memory:' ? os.homedir() : path.dirname(path.resolve(ws.path));
}

/** Builds the handler table for one open workspace. */
export function createHandlers(ws: Workspace): Handlers {
  const tasks = new TaskRegistry();
  async function asTask<T>(taskId: string, work: (isCancelled: () => boolean) => Promise<T>): Promise<T> {
    const task = tasks.start(taskId);
    try {
      return await work(task.isCancelled);
    } finally {
      task.end();
    }
  }
  return {
    'workspace.stats': () => ws.stats(),
    'documents.list': (p) => ws.listDocuments(p.query),
    'documents.get': (p) => ws.getDocument(p.id),
    'documents.import': (p) => {
      const taskId = taskIdOf(p.taskId, 'import');
      return asTask(taskId, (isCancelled) => importDocuments(ws, p.sources, { taskId, isCancelled }));
    },
    'documents.delete': (p) => ws.deleteDocument(p.id),
    'labels.list': () => ws.listLabels(),
    'labels.create': (p) => ws.createLabel(p),
    'labels.update': (p) => ws.updateLabel(p),
    'labels.delete': (p) => ws.deleteLabel(p.id),
    'annotations.create': (p) => ws.createAnnotation(p),
    'annotations.update': (p) => ws.updateAnnotation(p),
    'annotations.delete': (p) => ws.deleteAnnotation(p.id),
    'annotations.get': (p) => ws.getAnnotation(p.id),
    'annotations.list': (p) => ws.listAnnotations(p),
    'entities.list': (p) => ws.listEntities(p),
    'entities.create': (p) => ws.createEntity(p),
    'entities.update': (p) => ws.updateEntity(p),
    'entities.merge': (p) => ws.mergeEntities(p),
    'entities.delete': (p) => ws.deleteEntity(p.id),
    'entities.mentions': (p) => ws.entityMentions(p.id),
    'claims.list': (p) => ws.listClaims(p.query),
    'claims.create': (p) => ws.createClaim(p),
    'claims.update': (p) => ws.updateClaim(p),
    'claims.merge': (p) => ws.mergeClaims(p),
    'claims.delete': (p) => ws.deleteClaim(p.id),
    'claims.mentions': (p) => ws.claimMentions(p.id),
    'relations.create': (p) => ws.createRelation(p),
    'relations.delete': (p) => ws.deleteRelation(p.id),
    'relations.list': (p) => ws.listRelations(p),
    'notes.list': (p) => ws.listNotes(p.targetId),
    'notes.create': (p) => ws.createNote(p),
    'notes.update': (p) => ws.updateNote(p),
    'notes.delete': (p) => ws.deleteNote(p.id),
    'history.list': (p) => ws.historyList(p.limit),
    'history.undo': () => ws.undo(),
    'history.redo': () => ws.redo(),
    'search.query': (p) => ws.search(p),
    'settings.get': () => ws.settings(),
    'settings.set': (p) => ws.setSetting(p.key, p.value),
    'datasets.export': (p) => {
      const taskId = taskIdOf(p.taskId, 'export');
      // A relative path means "next to the workspace", never the process's working folder.
      const outPath = path.resolve(workspaceFolder(ws), p.outPath);
      return asTask(taskId, (isCancelled) => exportDataset(ws, { ...p, outPath }, { taskId, isCancelled }));
    },
    'datasets.import': (p) => {
      const taskId = taskIdOf(p.taskId, 'import');
      const inPath = path.resolve(workspaceFolder(ws), p.path);
      return asTask(taskId, (isCancelled) => importDataset(ws, { ...p, path: inPath }, { taskId, isCancelled }));
    },
    'tasks.cancel': (p) => ({ cancelled: tasks.cancel(p.taskId) }),
  };
}
