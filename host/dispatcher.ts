/**
 * The request dispatcher: the one place every request passes, whatever its transport (Electron
 * IPC, the loopback HTTP host, the command line). It refuses unknown methods, validates params
 * against the contract, calls the handler, and turns every failure into `{code, message}`.
 */
import type { z } from 'zod';
import { methods, isMethodName, type EventMessage } from '../common/contract.js';
import { ApiError, type ApiErrorPayload } from '../common/errors.js';
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
        return { ok: false, error: toPayload(error) };
      }
    },
    subscribe(listener) {
      return workspace.subscribe(listener);
    },
  };
}

/** Any thrown value as an error payload; unexpected errors become `internal` and are logged. */
export function toPayload(error: unknown): ApiErrorPayload {
  if (error instanceof ApiError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  const sqliteCode = (error as { code?: string })?.code ?? '';
  if (sqliteCode === 'SQLITE_BUSY' || sqliteCode.startsWith('SQLITE_BUSY_')) {
    return {
      code: 'busy',
      message:
        'The workspace is locked by another program writing to it (another Triangulate window, the command line or a long import). Try again in a moment.',
    };
  }
  if (/SQLITE_CONSTRAINT/.test(sqliteCode)) {
    return { code: 'conflict', message: `The change conflicts with existing data: ${message}` };
  }
  console.error('triangulate: internal error:', error);
  return { code: 'internal', message: `Something went wrong inside Triangulate: ${message}` };
}
