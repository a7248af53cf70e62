/**
 * The desktop app's open workspace, and switching to another one. The host is itself a
 * `Dispatcher`: the IPC handler and the event forwarding talk to it once, and it passes each
 * request to the current workspace's dispatcher, so a switch needs no re-wiring. Switching opens
 * the new file first (if that fails, the old one stays open), then lets the old workspace finish
 * the requests it is running before closing it.
 */
import path from 'node:path';
import type { EventMessage } from '../common/contract.js';
import type { Workspace } from '../db/workspace.js';
import { createDispatcher, type Dispatcher, type DispatchResult } from './dispatcher.js';

export interface WorkspaceHostOptions {
  /** Opens (creating and seeding when new) a workspace file; throws an ApiError when it cannot. */
  open(file: string): Workspace;
  /** Builds the dispatcher of an open workspace (default: `createDispatcher`). */
  createDispatcher?(workspace: Workspace): Dispatcher;
}

interface Opened {
  workspace: Workspace;
  dispatcher: Dispatcher;
  /** Requests still running against this workspace. */
  pending: Set<Promise<DispatchResult>>;
}

export class WorkspaceHost implements Dispatcher {
  private current: Opened;
  private detach: () => void;
  private readonly listeners = new Set<(message: EventMessage) => void>();
  private switching: Promise<unknown> = Promise.resolve();

  /** Opens `file`; throws like {@link WorkspaceHostOptions.open} when it cannot. */
  constructor(
    file: string,
    private readonly options: WorkspaceHostOptions,
  ) {
    this.current = this.openFile(file);
    this.detach = this.attach(this.current);
  }

  /** The path of the open workspace file. */
  get path(): string {
    return this.current.workspace.path;
  }

  dispatch(method: string, params: unknown): Promise<DispatchResult> {
    const opened = this.current;
    const request = opened.dispatcher.dispatch(method, params);
    opened.pending.add(request);
    void request.finally(() => opened.pending.delete(request));
    return request;
  }

  /** Every event of whichever workspace is open; the subscription survives switches. */
  subscribe(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Makes `file` the open workspace. Resolves `false` when it already is; rejects (with the
   * old workspace still open) when it cannot be opened. Switches run one after another.
   */
  switchTo(file: string): Promise<boolean> {
    const run = this.switching.then(async () => {
      const target = path.resolve(file);
      if (target === path.resolve(this.current.workspace.path)) return false;
      const next = this.openFile(target);
      const previous = this.current;
      this.detach();
      this.current = next;
      this.detach = this.attach(next);
      await Promise.allSettled([...previous.pending]);
      previous.workspace.close();
      return true;
    });
    this.switching = run.catch(() => undefined);
    return run;
  }

  /** Closes the open workspace (on quit). Requests still running fail. */
  close(): void {
    this.detach();
    this.listeners.clear();
    this.current.workspace.close();
  }

  private openFile(file: string): Opened {
    const workspace = this.options.open(path.resolve(file));
    const dispatcher = (this.options.createDispatcher ?? createDispatcher)(workspace);
    return { workspace, dispatcher, pending: new Set() };
  }

  private attach(opened: Opened): () => void {
    return opened.dispatcher.subscribe((message) => {
      for (const listener of [...this.listeners]) listener(message);
    });
  }
}
