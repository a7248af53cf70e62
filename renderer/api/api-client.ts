/**
 * The one typed API client of the renderer: `api.call(method, params)` and
 * `api.subscribe(listener)` over whichever {@link TriangulateBridge} the page has (the Electron
 * preload's `window.triangulate`, else the HTTP transport of the browser host). Every failure
 * comes out as an {@link ApiError} with a stable code and a message written for a person.
 */
import type {
  ChooseFilesRequest,
  ChooseSaveRequest,
  EventMessage,
  FileChoice,
  EventName,
  Events,
  MethodName,
  ParamsOf,
  ResultOf,
  TriangulateBridge,
} from '../../common/contract.js';
import { ApiError, isApiErrorPayload } from '../../common/errors.js';
import { createHttpBridge, tokenFromLocation, type ConnectionState, type HttpBridge } from './http-bridge.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload. */
    triangulate?: TriangulateBridge;
  }
}

export class ApiClient {
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private connection: ConnectionState;

  constructor(
    private readonly bridge: TriangulateBridge,
    private readonly http: HttpBridge | null = null,
  ) {
    this.connection = http ? 'connecting' : 'open';
    http?.onConnection((state) => {
      this.connection = state;
      for (const listener of [...this.connectionListeners]) listener(state);
    });
  }

  /** Resolves once live events flow (immediately over IPC). */
  get ready(): Promise<void> {
    return this.http?.ready ?? Promise.resolve();
  }

  /** Calls one API method; rejects with an {@link ApiError}. */
  async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    try {
      return await this.bridge.call(method, params);
    } catch (error) {
      throw toApiError(error);
    }
  }

  /** Asks the person for files to read; one grant each, or null when they cancel. */
  async chooseFiles(request: ChooseFilesRequest): Promise<FileChoice[] | null> {
    try {
      return await this.bridge.chooseFiles(request);
    } catch (error) {
      throw toApiError(error);
    }
  }

  /** Asks where an export goes (a save dialog, or a download); a grant, or null when they cancel. */
  async chooseSaveTarget(request: ChooseSaveRequest): Promise<FileChoice | null> {
    try {
      return await this.bridge.chooseSaveTarget(request);
    } catch (error) {
      throw toApiError(error);
    }
  }

  /** Hands a finished export to the person; resolves with the name they got it as. */
  async deliver(choice: FileChoice, options?: { dataOnly?: boolean }): Promise<string> {
    try {
      return await this.bridge.deliver(choice, options);
    } catch (error) {
      throw toApiError(error);
    }
  }

  /** Every event the workspace pushes; returns the unsubscribe function. */
  subscribe(listener: (message: EventMessage) => void): () => void {
    return this.bridge.subscribe(listener);
  }

  /** One kind of event only. */
  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
    return this.bridge.subscribe((message) => {
      if (message.event === event) listener(message.data as Events[E]);
    });
  }

  get connectionState(): ConnectionState {
    return this.connection;
  }

  /** The live event stream's state (`reconnected`: refetch, events may have been missed). */
  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }
}

/** Any rejection as an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isApiErrorPayload(error)) return ApiError.fromPayload(error);
  // Electron wraps rejections from the preload: "Error invoking remote method …: {json}".
  if (error instanceof Error) {
    const json = /\{.*\}$/s.exec(error.message)?.[0];
    if (json) {
      try {
        const payload: unknown = JSON.parse(json);
        if (isApiErrorPayload(payload)) return ApiError.fromPayload(payload);
      } catch {
        // not JSON after all
      }
    }
    return new ApiError('internal', error.message);
  }
  return new ApiError('internal', String(error));
}

/** The client for this page: the preload's bridge in Electron, else HTTP with the URL's token. */
export function createApiClient(): ApiClient {
  if (window.triangulate) return new ApiClient(window.triangulate);
  const http = createHttpBridge(tokenFromLocation(window.location.search));
  return new ApiClient(http, http);
}
