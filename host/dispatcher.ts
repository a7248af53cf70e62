/**
 * The request dispatcher: the one place every request passes, whatever its transport (Electron
 * IPC, the loopback HTTP host, the command line). It refuses unknown methods, validates params
 * against the contract, calls the handler, and turns every failure into `{code, message}`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { methods, isMethodName, type EventMessage } from '../common/contract.js';
import { ApiError, type ApiErrorPayload } from '../common/errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../common/json-limits.js';
import { findLoneSurrogate } from '../common/text.js';
import { createHandlers, type Handlers } from './handlers/index.js';
import type { Workspace } from '../db/workspace.js';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload };

export interface Dispatcher {
  /** Validates and runs one request. Never throws: failures come back as `{ok: false, error}`. */
  dispatch(method: string, params: unknown): Promise<DispatchResult>;
  /** Every event of the workspace (changes, progress). */
  subscribe(listener: (message: EventMessage) => void): () => void;
}

/** A readable sentence for a failed validation: each issue with its field path. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : 'params';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Refuses params nested deeper than {@link MAX_JSON_DEPTH}: validating, cloning to the worker or
 * serialising such a value would overflow the stack (`internal: Maximum call stack size exceeded`).
 * @throws ApiError `invalid_params`
 */
export function checkParamsDepth(method: string, params: unknown): void {
  if (nestsDeeperThan(params, MAX_JSON_DEPTH)) {
    throw new ApiError(
      'invalid_params',
      `Invalid params for ${method}: the value nests more than ${MAX_JSON_DEPTH} levels of arrays or objects; flatten it.`,
    );
  }
}

/**
 * Refuses params with a string that holds an unpaired UTF-16 surrogate (a JSON `\ud800` escape
 * over HTTP, a broken string over IPC): stored, it would read back as U+FFFD and shift offsets.
 * Run after {@link checkParamsDepth}, so the walk is bounded.
 * @throws ApiError `invalid_params` naming the field
 */
export function checkParamsText(method: string, params: unknown): void {
  const field = findLoneSurrogate(params);
  if (field !== null) {
    throw new ApiError(
      'invalid_params',
      `Invalid params for ${method}: ${field || 'params'} holds an unpaired UTF-16 surrogate, which is not text; fix the string.`,
      { field: field || 'params' },
    );
  }
}

export function createDispatcher(workspace: Workspace, handlers: Handlers = createHandlers(workspace)): Dispatcher {
  return {
    async dispatch(method, params) {
      try {
        if (typeof method !== 'string' || !isMethodName(method)) {
          throw new ApiError(
            'unknown_method',
            `There is no method “${String(method)}”. Run “triangulate methods” to list them.`,
          );
        }
        checkParamsDepth(method, params);
        checkParamsText(method, params);
        const parsed = methods[method].params.safeParse(params ?? {});
        if (!parsed.success) {
          throw new ApiError('invalid_params', `Invalid params for ${method}: ${describeIssues(parsed.error.issues)}`, {
            issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
          });
        }
        const handler = handlers[method] as (p: unknown) => unknown;
        const result = await handler(parsed.data);
        return { ok: true, result };
      } catch (error) {
        return { ok: false, error: toPayload(error, workspace.path) };
      }
    },
    subscribe(listener) {
      return workspace.subscribe(listener);
    },
  };
}

/** Below this many free bytes, an I/O error while writing the workspace is put down to a full disk. */
const LOW_DISK_BYTES = 8 * 1024 * 1024;

const DISK_FULL: ApiErrorPayload = {
  code: 'disk_full',
  message:
    'The disk holding the workspace is full, so the change was not saved (nothing was half-written). Free some space on that disk and try again.',
};

/**
 * Any thrown value as an error payload; unexpected errors become `internal` and are logged.
 *
 * SQLite reports a write that ran out of space as SQLITE_FULL; some steps (growing the WAL index,
 * syncing) report a full disk as an I/O error instead, so an SQLITE_IOERR is `disk_full` when the
 * disk holding `workspacePath` has (almost) no space left.
 */
export function toPayload(error: unknown, workspacePath?: string): ApiErrorPayload {
  if (error instanceof ApiError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  const sqliteCode = (error as { code?: unknown } | null)?.code;
  const code = typeof sqliteCode === 'string' ? sqliteCode : '';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_')) {
    return {
      code: 'busy',
      message:
        'The workspace is locked by another program writing to it (another Triangulate window, the command line or a long import). Try again in a moment.',
    };
  }
  if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && diskAlmostFull(workspacePath))) return DISK_FULL;
  if (/SQLITE_CONSTRAINT/.test(code)) {
    return { code: 'conflict', message: `The change conflicts with existing data: ${message}` };
  }
  console.error('triangulate: internal error:', error);
  return { code: 'internal', message: `Something went wrong inside Triangulate: ${message}` };
}

/** True when the file system holding `file` has less than {@link LOW_DISK_BYTES} free. */
function diskAlmostFull(file: string | undefined): boolean {
  if (!file || file === ':memory:') return false;
  try {
    const stats = fs.statfsSync(path.dirname(path.resolve(file)));
    return stats.bavail * stats.bsize < LOW_DISK_BYTES;
  } catch {
    return false;
  }
}
