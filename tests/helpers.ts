/**
 * Shared test helpers: fresh workspaces in temporary folders, and a dispatcher-backed caller
 * that throws ApiError like a client would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MethodName, ParamsOf, ResultOf } from '../common/contract.js';
import type { Document } from '../common/domain.js';
import { ApiError } from '../common/errors.js';
import type { Workspace } from '../db/workspace.js';
import { createDispatcher, type Dispatcher } from '../host/dispatcher.js';
import { openWorkspace, type OpenWorkspaceOptions } from '../host/open-workspace.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function tempDir(prefix = 'triangulate-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestWorkspace {
  ws: Workspace;
  file: string;
  dispatcher: Dispatcher;
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Closes and reopens the same file (a restart). */
  reopen(): TestWorkspace;
  dispose(): void;
}

/** A workspace in a fresh temporary file (seeded unless `seed: false`). */
export function openTestWorkspace(options: Partial<OpenWorkspaceOptions> & { file?: string } = {}): TestWorkspace {
  const file = options.file ?? path.join(tempDir(), 'test.triangulate');
  const ws = openWorkspace({ ...options, path: file });
  const dispatcher = createDispatcher(ws);
  const self: TestWorkspace = {
    ws,
    file,
    dispatcher,
    async call(method, params) {
      const reply = await dispatcher.dispatch(method, params);
      if (!reply.ok) throw ApiError.fromPayload(reply.error);
      return reply.result as never;
    },
    reopen() {
      ws.close();
      return openTestWorkspace({ ...options, file });
    },
    dispose() {
      if (ws.db.open) ws.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
  return self;
}

/** Expects a promise to reject with an ApiError of the given code; returns the error. */
export async function expectApiError(promise: Promise<unknown>, code: string): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code !== code) throw new Error(`expected ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  throw new Error(`expected an ApiError ${code}, but the call succeeded`);
}

/** The offsets of the n-th occurrence of `needle` in a document (case-sensitive, whole string). */
export function find(doc: Document, needle: string, nth = 0): { start: number; end: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = doc.text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`“${needle}” #${nth} not in ${doc.title}`);
  }
  return { start: index, end: index + needle.length };
}
