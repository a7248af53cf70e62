/**
 * The HTTP transport of the browser host (`triangulate serve`, docs/transport.md): requests are
 * `POST /api/call` with the page's secret token as a Bearer token, events arrive over an
 * EventSource on `/api/events?token=…`. It implements the same {@link TriangulateBridge} the
 * Electron preload exposes, so the rest of the renderer cannot tell the two apart.
 */
import type { EventMessage, MethodName, ParamsOf, ResultOf, TriangulateBridge } from '../../common/contract.js';
import { isApiErrorPayload, type ApiErrorPayload } from '../../common/errors.js';

/** Whether the live event stream is connected; `reconnected` means events may have been missed. */
export type ConnectionState = 'connecting' | 'open' | 'reconnected' | 'closed';

export interface HttpBridge extends TriangulateBridge {
  /** Reports the event stream's state; returns the unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Resolves once the event stream is open (or after a short wait), so no early change is missed. */
  ready: Promise<void>;
}

/** The token the page was opened with (`?token=…`), or null. */
export function tokenFromLocation(search: string): string | null {
  return new URLSearchParams(search).get('token');
}

function transportError(message: string): ApiErrorPayload {
  return { code: 'internal', message };
}

/** Creates the HTTP bridge for a page served at `base` (its origin) with `token`. */
export function createHttpBridge(token: string | null, base = ''): HttpBridge {
  const listeners = new Set<(message: EventMessage) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let source: EventSource | null = null;
  let opened = false;
  let state: ConnectionState = 'connecting';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
    setTimeout(resolve, 3000);
  });

  function setState(next: ConnectionState): void {
    state = next;
    for (const listener of [...connectionListeners]) listener(next);
  }

  function connect(): void {
    if (source || !token) return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    source.onopen = () => {
      setState(opened ? 'reconnected' : 'open');
      opened = true;
      markReady();
    };
    source.onerror = () => {
      // EventSource retries by itself; say so until it is back.
      if (source?.readyState === EventSource.CLOSED) setState('closed');
      else if (state !== 'connecting') setState('connecting');
    };
    source.onmessage = (event: MessageEvent<string>) => {
      let message: EventMessage;
      try {
        message = JSON.parse(event.data) as EventMessage;
      } catch {
        return;
      }
      for (const listener of [...listeners]) listener(message);
    };
  }
  if (!token) markReady();

  return {
    ready,
    async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      if (!token) {
        throw transportError(
          'This page was opened without its access token: open the URL that “triangulate serve” printed.',
        );
      }
      let response: Response;
      try {
        response = await fetch(`${base}/api/call`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ method, params }),
        });
      } catch (error) {
        throw transportError(
          `Cannot reach the Triangulate workspace (is “triangulate serve” still running?): ${(error as Error).message}`,
        );
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw transportError(
          `The workspace answered ${response.status} ${response.statusText} without a readable body.`,
        );
      }
      const reply = body as { ok?: boolean; result?: unknown; error?: unknown };
      if (reply.ok === true) return reply.result as ResultOf<M>;
      if (isApiErrorPayload(reply.error)) throw reply.error;
      throw transportError(`The workspace answered ${response.status} with an unexpected reply.`);
    },
    subscribe(listener) {
      listeners.add(listener);
      connect();
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      connect();
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}
