/**
 * The preload of the Triangulate window (sandboxed, bundled to CommonJS). It exposes exactly one
 * object, `window.triangulate`, implementing the contract's `TriangulateBridge`: `call` invokes
 * the dispatcher in the main process and resolves its result or rejects with the `{code,
 * message}` error payload; `subscribe` delivers every event message. Neither `ipcRenderer` nor
 * the IPC event object ever reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  EventMessage,
  FileChoice,
  MethodName,
  ParamsOf,
  ResultOf,
  TriangulateBridge,
} from '../common/contract.js';
import type { DispatchResult } from '../host/dispatcher.js';
import { CALL_CHANNEL, CHOOSE_FILES_CHANNEL, CHOOSE_SAVE_CHANNEL, EVENT_CHANNEL } from './ipc-channels.js';

function isDispatchResult(value: unknown): value is DispatchResult {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** Invokes a dialog channel; resolves its result or rejects with the `{code, message}` payload. */
async function invokeMain(channel: string, request: unknown): Promise<unknown> {
  const reply: unknown = await ipcRenderer.invoke(channel, request);
  if (!isDispatchResult(reply)) throw { code: 'internal', message: 'The main process gave no answer.' };
  if (reply.ok) return reply.result;
  throw reply.error;
}

const bridge = {
  async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const reply: unknown = await ipcRenderer.invoke(CALL_CHANNEL, method, params);
    if (!isDispatchResult(reply)) {
      throw { code: 'internal', message: `The main process gave no answer to ${String(method)}.` };
    }
    if (reply.ok) return reply.result as ResultOf<M>;
    // A plain object survives the context bridge whole; an Error would lose its code.
    throw reply.error;
  },

  async chooseFiles({ purpose, format, multiple }) {
    // Only plain data crosses: the progress callback stays here (the files are read in place).
    return (await invokeMain(CHOOSE_FILES_CHANNEL, { purpose, format, multiple })) as FileChoice[] | null;
  },

  async chooseSaveTarget({ suggestedName, format }) {
    return (await invokeMain(CHOOSE_SAVE_CHANNEL, { suggestedName, format })) as FileChoice | null;
  },

  // The desktop app wrote the export where the person chose: nothing left to hand over.
  deliver: (choice: FileChoice) => Promise.resolve(choice.name),

  subscribe(listener: (message: EventMessage) => void): () => void {
    const forward = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
} satisfies TriangulateBridge;

contextBridge.exposeInMainWorld('triangulate', bridge);
