import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../../common/contract.js';
import { type Workspace } from '../../db/workspace.js';
import { createDispatcher, type DispatchResult, type Dispatcher } from '../../host/dispatcher.js';
import {
  UNAUTHORIZED_SENDER,
  createValidatedIpcMain,
  forwardEvents,
  isTrustedSender,
  registerCallHandler,
} from '../../electron/ipc.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../electron/ipc-channels.js';
import { openWorkspace } from '../../host/open-workspace.js';
import { FileGrants } from '../../host/file-grants.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<DispatchResult> | DispatchResult;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  return { ipcMain: ipcMain as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>, handlers };
}

/** An invoke event as Electron builds it, from a frame showing `url` (null: the frame is gone). */
function from(url: string | null): IpcMainInvokeEvent {
  return { senderFrame: url === null ? null : { url } } as unknown as IpcMainInvokeEvent;
}

let dir: string;
let workspace: Workspace;
let dispatcher: Dispatcher;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-ipc-'));
  workspace = openWorkspace({ path: path.join(dir, 'ipc.triangulate') });
  dispatcher = createDispatcher(workspace);
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  workspace.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the IPC sender check', () => {
  it.each([
    ['app://triangulate/index.html', true],
    ['app://triangulate/', true],
    ['https://evil.example/', false],
    ['file:///tmp/page.html', false],
    ['app://other/index.html', false],
    ['about:blank', false],
    [null, false],
  ])('a frame at %s is trusted: %s', (url, expected) => {
    expect(isTrustedSender(from(url))).toBe(expected);
  });

  it('treats a frame that cannot be read any more as foreign', () => {
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(isTrustedSender(event)).toBe(false);
  });
});

describe('triangulate:call', () => {
  it('refuses a foreign frame with unauthorized, without dispatching', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const spy = { dispatch: vi.fn() };
    registerCallHandler(ipcMain, () => spy, new FileGrants());
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', null]) {
      const reply = await handlers.get(CALL_CHANNEL)?.(from(url), 'documents.delete', { id: 'doc_1' });
      expect(reply).toEqual({ ok: false, error: UNAUTHORIZED_SENDER });
      expect(UNAUTHORIZED_SENDER.code).toBe('unauthorized');
    }
    expect(spy.dispatch).not.toHaveBeenCalled();
  });

  it('dispatches requests from the app origin to the workspace', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerCallHandler(ipcMain, () => dispatcher, new FileGrants());
    const call = (method: unknown, params: unknown) =>
      handlers.get(CALL_CHANNEL)?.(from('app://triangulate/index.html'), method, params);

    const listed = await call('documents.list', {});
    expect(listed?.ok).toBe(true);
    expect((listed as { result: unknown[] }).result).toHaveLength(5);

    expect(await call('documents.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call('documents.list', { sneaky: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_params' },
    });
  });

  it('follows the dispatcher it is given per request, and unregisters', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    let current: Pick<Dispatcher, 'dispatch'> = { dispatch: async () => ({ ok: true, result: 'first' }) };
    const unregister = registerCallHandler(ipcMain, () => current, new FileGrants());
    const event = from('app://triangulate/index.html');
    expect(await handlers.get(CALL_CHANNEL)?.(event, 'x', {})).toEqual({ ok: true, result: 'first' });
    current = { dispatch: async () => ({ ok: true, result: 'second' }) };
    expect(await handlers.get(CALL_CHANNEL)?.(event, 'x', {})).toEqual({ ok: true, result: 'second' });
    unregister();
    expect(handlers.has(CALL_CHANNEL)).toBe(false);
  });

  it('refuses to register channels outside the contract', () => {
    const { ipcMain } = fakeIpcMain();
    expect(() => createValidatedIpcMain(ipcMain).handle('triangulate:eval', () => ({ ok: true, result: 1 }))).toThrow(
      /unknown IPC channel/,
    );
  });
});

describe('triangulate:event', () => {
  it('pushes every workspace event to the page while it lives', async () => {
    const sent: Array<[string, EventMessage]> = [];
    let destroyed = false;
    const contents = {
      send: (channel: string, message: EventMessage) => sent.push([channel, message]),
      isDestroyed: () => destroyed,
    };
    const stop = forwardEvents(dispatcher, contents);
    await dispatcher.dispatch('settings.set', { key: 'theme', value: 'dark' });
    expect(sent.map(([channel, message]) => [channel, message.event])).toEqual([[EVENT_CHANNEL, 'changed']]);

    destroyed = true;
    await dispatcher.dispatch('settings.set', { key: 'theme', value: 'light' });
    expect(sent).toHaveLength(1);
    stop();
  });
});
