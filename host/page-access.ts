/**
 * The gate in front of the dispatcher for requests that come from a page (the Electron window
 * over IPC, the browser host over HTTP). A page never names a file path: `documents.import`
 * sources, `datasets.import`, `datasets.export` and `reports.export` carry a grant for a file the person chose
 * (./file-grants.ts), which this gate swaps for the path before the dispatcher validates and runs
 * the request. A path from a page is refused with `unauthorized`, whatever it points at. Replies
 * go back with paths turned into the names the person knows (an upload's temporary file is
 * "articles.jsonl" again).
 *
 * The command line and the desktop's own menu actions call the dispatcher directly: a path they
 * give was typed or chosen by the person at that moment.
 */
import path from 'node:path';
import { ApiError, renamePath, type ApiErrorPayload } from '../common/errors.js';
import { toPayload, type Dispatcher, type DispatchResult } from './dispatcher.js';
import type { FileGrants, Grant, GrantAccess } from './file-grants.js';

type Params = Record<string, unknown>;

const PATH_REFUSED =
  'A page cannot name a file path; choose the file in the workbench (Import…, Export…), which hands the workspace that one file and no other.';

/** The path fields a page might try, per method. */
function namedPath(method: string, params: Params): string | null {
  switch (method) {
    case 'documents.import': {
      const sources = Array.isArray(params.sources) ? (params.sources as unknown[]) : [];
      const at = sources.findIndex((s) => typeof s === 'object' && s !== null && 'path' in s);
      return at >= 0 ? `sources.${at}.path` : null;
    }
    case 'datasets.import':
      return 'path' in params ? 'path' : null;
    case 'datasets.export':
    case 'reports.export':
      return 'outPath' in params ? 'outPath' : null;
    default:
      return null;
  }
}

/** The grants a request carries, swapped for paths; `taken` collects them for {@link finish}. */
function resolveGrants(method: string, params: Params, grants: FileGrants, taken: Grant[]): Params {
  const take = (id: unknown, access: GrantAccess): Grant => {
    const grant = grants.take(String(id), access);
    taken.push(grant);
    return grant;
  };
  switch (method) {
    case 'documents.import': {
      if (!Array.isArray(params.sources)) return params;
      const sources = (params.sources as unknown[]).map((source) => {
        if (typeof source !== 'object' || source === null || !('grant' in source)) return source;
        const grant = take((source as { grant: unknown }).grant, 'read');
        return { path: grant.path, name: grant.name };
      });
      return { ...params, sources };
    }
    case 'datasets.import': {
      if (!('grant' in params)) return params;
      const { grant: id, ...rest } = params;
      return { ...rest, path: take(id, 'read').path };
    }
    case 'datasets.export':
    case 'reports.export': {
      if (!('grant' in params)) return params;
      const { grant: id, ...rest } = params;
      const grant = take(id, 'write');
      return { ...rest, outPath: grant.path, overwrite: grant.overwrite || rest.overwrite === true };
    }
    default:
      return params;
  }
}

/** Every path the page must not see, with the name it knows instead. */
function renames(taken: Grant[]): Array<[string, string]> {
  return taken.flatMap((grant): Array<[string, string]> =>
    grant.temporary
      ? [
          [grant.path, grant.name],
          [path.dirname(grant.path) + path.sep, ''],
        ]
      : [[grant.path, grant.name]],
  );
}

function renameError(error: ApiErrorPayload, taken: Grant[]): ApiErrorPayload {
  return renames(taken).reduce((payload, [from, to]) => renamePath(payload, from, to), error);
}

/** `datasets.export`'s result as the page sees it: names, not paths. */
function renameExportResult(result: { outPath: string; files: string[] }, grant: Grant): unknown {
  const nameOf = (file: string) => (file === grant.path ? grant.name : path.relative(path.dirname(grant.path), file));
  return { ...result, outPath: grant.name, files: result.files.map(nameOf) };
}

/** A dispatcher for page requests: refuses paths, resolves grants, keeps paths out of replies. */
export function pageDispatcher(inner: Pick<Dispatcher, 'dispatch'>, grants: FileGrants): Pick<Dispatcher, 'dispatch'> {
  return {
    async dispatch(method, params): Promise<DispatchResult> {
      const taken: Grant[] = [];
      let reply: DispatchResult;
      try {
        const given = (typeof params === 'object' && params !== null ? params : {}) as Params;
        const field = namedPath(method, given);
        if (field !== null) throw new ApiError('unauthorized', PATH_REFUSED, { field });
        reply = await inner.dispatch(method, resolveGrants(method, given, grants, taken));
      } catch (error) {
        reply = { ok: false, error: toPayload(error) };
      }
      const exported =
        method === 'datasets.export' && reply.ok ? (reply.result as { outPath: string; files: string[] }) : null;
      const report = method === 'reports.export' && reply.ok ? (reply.result as { outPath: string }) : null;
      const files = exported ? exported.files : report ? [report.outPath] : null;
      for (const grant of taken) grants.finish(grant, { ok: reply.ok, ...(files ? { files } : {}) });
      if (!reply.ok) return { ok: false, error: renameError(reply.error, taken) };
      const target = taken[0];
      if (exported && target) return { ok: true, result: renameExportResult(exported, target) };
      if (report && target) return { ok: true, result: { ...report, outPath: target.name } };
      return reply;
    },
  };
}
