/**
 * What a handler is: the function behind one API method, given the params the dispatcher has
 * already validated. Handlers are grouped per namespace (one file each, beside this one) and
 * combined into one table by ./index.ts.
 */
import type { MethodName, ParsedParamsOf, ResultOf } from '../../common/contract.js';
import type { Workspace } from '../../db/workspace.js';
import type { TaskRegistry } from '../tasks.js';

export type Handler<M extends MethodName> = (params: ParsedParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;

/** The whole table: one handler per method of the contract. */
export type Handlers = { [M in MethodName]: Handler<M> };

/** The handlers of one namespace, e.g. `NamespaceHandlers<'claims'>` for every `claims.*`. */
export type NamespaceHandlers<N extends string> = {
  [M in MethodName as M extends `${N}.${string}` ? M : never]: Handler<M>;
};

/** What handlers work on: the open workspace and the registry of long-running tasks. */
export interface HandlerContext {
  ws: Workspace;
  tasks: TaskRegistry;
}
