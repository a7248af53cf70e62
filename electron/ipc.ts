/**
 * The main-process end of the IPC transport (docs/transport.md): one `invoke` channel whose
 * requests the dispatcher answers, and one channel pushing every workspace event to the window.
 * Requests pass a validated `ipcMain` first: only known channels, and only from a frame that
 * shows the app's own origin; anything else is answered `unauthorized` and never dispatched.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventMessage } from '../common/contract.js';
import type { ApiErrorPayload } from '../common/errors.js';
import { isAppUrl } from './app-origin.js';
import type { Dispatcher, DispatchResult } from '../host/dispatcher.js';
import { CALL_CHANNEL, CHOOSE_FILES_CHANNEL, CHOOSE_SAVE_CHANNEL, EVENT_CHANNEL } from './ipc-channels.js';
import type { FileGrants } from '../host/file-grants.js';
import { pageDispatcher } from '../host/page-access.js';

/** The channels the renderer may invoke. */
const INVOKE_CHANNELS: ReadonlySet<string> = new Set([CALL_CHANNEL, CHOOSE_FILES_CHANNEL, CHOOSE_SAVE_CHANNEL]);

/** What a refused sender gets back. */
export const UNAUTHORIZED_SENDER: ApiErrorPayload = {
  code: 'unauthorized',
  message: 'The request did not come from the Triangulate window and was refused.',
};

/** True when an IPC message comes from a live frame showing the app's own origin. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  try {
    return isAppUrl(event.senderFrame?.url);
  } catch {
    // Reading a frame that went away in the meantime throws: not trusted.
    return false;
  }
}

export type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => DispatchResult | Promise<DispatchResult>;

export interface ValidatedIpcMain {
  /** Registers `handler` for a known channel, behind the sender check; returns the unregister function. */
  handle(channel: string, handler: InvokeHandler): () => void;
}

/** Wraps `ipcMain` so that unknown channels cannot be registered and foreign senders are refused. */
export function createValidatedIpcMain(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>): ValidatedIpcMain {
  return {
    handle(channel, handler) {
      if (!INVOKE_CHANNELS.has(channel)) throw new Error(`Refusing to handle the unknown IPC channel “${channel}”.`);
      ipcMain.handle(channel, (event, ...args: unknown[]) => {
        if (!isTrustedSender(event)) {
          console.warn(
            `triangulate: refused an IPC request on ${channel} from ${event.senderFrame?.url ?? 'a closed frame'}`,
          );
          return { ok: false, error: UNAUTHORIZED_SENDER } satisfies DispatchResult;
        }
        return handler(event, ...args);
      });
      return () => ipcMain.removeHandler(channel);
    },
  };
}

/**
 * Answers `triangulate:call` with the current dispatcher (looked up per request, so a workspace
 * switch takes effect at once), behind the page's gate: no paths, only the files the person
 * chose in a native dialog (`grants`). Returns the unregister function.
 */
export function registerCallHandler(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatcher: () => Pick<Dispatcher, 'dispatch'>,
  grants: FileGrants,
): () => void {
  return createValidatedIpcMain(ipcMain).handle(CALL_CHANNEL, (_event, method, params) =>
    pageDispatcher(dispatcher(), grants).dispatch(method as string, params),
  );
}

/** Sends one event to a window's page, unless the page is gone. */
export function sendEvent(contents: Pick<WebContents, 'send' | 'isDestroyed'>, message: EventMessage): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
}

/** Pushes every event of `source` to the page; returns the unsubscribe function. */
export function forwardEvents(
  source: Pick<Dispatcher, 'subscribe'>,
  contents: Pick<WebContents, 'send' | 'isDestroyed'>,
): () => void {
  return source.subscribe((message) => sendEvent(contents, message));
}
