/**
 * The desktop app's open workspace, and switching to another one. The host is itself a
 * `Dispatcher`: the IPC handler and the event forwarding talk to it once, and it passes each
 * request to the current workspace's dispatcher, so a switch needs no re-wiring. Switching opens
 * the new file first (if that fails, the old one stays open), then lets the old workspace finish
 * the requests it is running before closing it.
 */
import path from 'node:path';
import type { EventMessage } from '../common/contract.js';
import type { Dispatcher, DispatchResult } from './dispatcher.js';

/** A dispatcher over one open workspace that can be closed (e.g. a `WorkerDispatcher`). */
export interface OpenedDispatcher extends Dispatcher {
  close(): void | Promise<void>;
}

export interface WorkspaceHostOptions {
  /** Opens (creating and seeding when new) a workspace file; rejects with an ApiError when it cannot. */
  open(file: string): Promise<OpenedDispatcher>;
}

interface Opened {
  file: string;
  dispatcher: OpenedDispatcher;
  /** Requests still running against this workspace. */
  pending: Set<Promise<DispatchResult>>;
}

export class WorkspaceHost implements Dispatcher {
  private detach: () => void;
  private readonly listeners = new Set<(message: EventMessage) => void>();
  private switching: Promise<unknown> = Promise.resolve();

  private constructor(
    private current: Opened,
    private readonly options: WorkspaceHostOptions,
  ) {
    this.detach = this.attach(current);
  }

  /** Opens `file`; rejects like {@link WorkspaceHostOptions.open} when it cannot. */
  static async open(file: string, options: WorkspaceHostOptions): Promise<WorkspaceHost> {
    return new WorkspaceHost(await openFile(file, options), options);
  }

  /** The path of the open workspace file. */
  get path(): string {
    return this.current.file;
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
      if (target === path.resolve(this.current.file)) return false;
      const next = await openFile(target, this.options);
      const previous = this.current;
      this.detach();
      this.current = next;
      this.detach = this.attach(next);
      await Promise.allSettled([...previous.pending]);
      await previous.dispatcher.close();
      return true;
    });
    this.switching = run.catch(() => undefined);
    return run;
  }

  /** Closes the open workspace (on quit). Requests still running fail. */
  async close(): Promise<void> {
    this.detach();
    this.listeners.clear();
    await this.current.dispatcher.close();
  }

  private attach(opened: Opened): () => void {
    return opened.dispatcher.subscribe((message) => {
      for (const listener of [...this.listeners]) listener(message);
    });
  }
}

async function openFile(file: string, options: WorkspaceHostOptions): Promise<Opened> {
  const resolved = path.resolve(file);
  return { file: resolved, dispatcher: await options.open(resolved), pending: new Set() };
}
