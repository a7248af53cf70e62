/**
 * The HTTP transport of the browser host (`triangulate serve`, docs/transport.md): requests are
 * `POST /api/call` with the page's secret token as a Bearer token, events arrive over an
 * EventSource on `/api/events?token=…`. It implements the same {@link TriangulateBridge} the
 * Electron preload exposes, so the rest of the renderer cannot tell the two apart.
 */
import type {
  ChooseFilesRequest,
  EventMessage,
  FileChoice,
  MethodName,
  ParamsOf,
  ResultOf,
  TriangulateBridge,
} from '../../common/contract.js';
import { acceptList, DATASET_EXTENSIONS, DOCUMENT_EXTENSIONS } from '../../common/file-kinds.js';
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

  function needToken(): string {
    if (!token) {
      throw transportError(
        'This page was opened without its access token: open the URL that “triangulate serve” printed.',
      );
    }
    return token;
  }

  return {
    ready,
    async chooseFiles(request) {
      const files = await pickFiles(request);
      if (!files) return null;
      return uploadAll(base, needToken(), files, request.onProgress);
    },
    async chooseSaveTarget(request) {
      const name = request.suggestedName;
      return postJson<FileChoice>(`${base}/api/files/download?name=${encodeURIComponent(name)}`, needToken(), null);
    },
    deliver(choice, options) {
      const only = options?.dataOnly ? '&only=data' : '';
      const link = document.createElement('a');
      link.href = `${base}/api/files/${encodeURIComponent(choice.grant)}?token=${encodeURIComponent(needToken())}${only}`;
      const name = options?.dataOnly ? choice.name : `${choice.name}.zip`;
      link.download = name;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      return Promise.resolve(name);
    },
    async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      const secret = needToken();
      let response: Response;
      try {
        response = await fetch(`${base}/api/call`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
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

/**
 * Opens the browser's file chooser (a hidden input clicked while the person's click still counts
 * as their gesture). Resolves with the chosen files, or null when they cancel.
 */
function pickFiles(request: ChooseFilesRequest): Promise<File[] | null> {
  const extensions =
    request.purpose === 'documents' ? DOCUMENT_EXTENSIONS : DATASET_EXTENSIONS[request.format ?? 'jsonl'];
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = request.multiple ?? false;
    input.accept = acceptList(extensions);
    input.hidden = true;
    const done = (files: File[] | null) => {
      input.remove();
      resolve(files && files.length > 0 ? files : null);
    };
    input.addEventListener('change', () => done(Array.from(input.files ?? [])), { once: true });
    input.addEventListener('cancel', () => done(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

/** Uploads each file (streamed by the browser, with progress), one grant per file. */
async function uploadAll(
  base: string,
  token: string,
  files: File[],
  onProgress?: (done: number, total: number) => void,
): Promise<FileChoice[]> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  let before = 0;
  const choices: FileChoice[] = [];
  for (const file of files) {
    const url = `${base}/api/files?name=${encodeURIComponent(file.name)}`;
    choices.push(await postJson<FileChoice>(url, token, file, (sent) => onProgress?.(before + sent, total)));
    before += file.size;
    onProgress?.(before, total);
  }
  return choices;
}

/** POSTs `body` (a file, or nothing) and resolves the `result` of the JSON reply. */
function postJson<T>(url: string, token: string, body: Blob | null, onSent?: (bytes: number) => void): Promise<T> {
  // XMLHttpRequest, not fetch: only it reports upload progress.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'json';
    if (onSent) xhr.upload.onprogress = (event) => onSent(event.loaded);
    xhr.onerror = () =>
      reject(transportError('Cannot reach the Triangulate workspace (is “triangulate serve” still running?).'));
    xhr.onload = () => {
      const reply = xhr.response as { ok?: boolean; result?: unknown; error?: unknown } | null;
      if (reply?.ok === true) resolve(reply.result as T);
      else if (isApiErrorPayload(reply?.error)) reject(reply.error);
      else reject(transportError(`The workspace answered ${xhr.status} with an unexpected reply.`));
    };
    xhr.send(body);
  });
}
