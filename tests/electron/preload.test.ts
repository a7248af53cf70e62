import { build } from 'esbuild';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventMessage, TriangulateBridge } from '../../common/contract.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../electron/ipc-channels.js';

// The preload runs against this stand-in for Electron's renderer-side module.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    listeners,
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(),
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      }),
      removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(listener);
      }),
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

let bridge: TriangulateBridge;

beforeAll(async () => {
  await import('../../electron/preload.js');
  bridge = electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as TriangulateBridge;
});

describe('the preload', () => {
  it('exposes exactly one object, window.triangulate: call, subscribe and the file choosers', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[0]).toBe('triangulate');
    expect(Object.keys(bridge).sort()).toEqual(['call', 'chooseFiles', 'chooseSaveTarget', 'deliver', 'subscribe']);
    expect(typeof bridge.call).toBe('function');
    expect(typeof bridge.subscribe).toBe('function');
  });

  it('never hands out ipcRenderer', () => {
    const exposed = electron.contextBridge.exposeInMainWorld.mock.calls.map((call) => call[1]);
    expect(exposed).not.toContain(electron.ipcRenderer);
    expect(Object.values(bridge)).not.toContain(electron.ipcRenderer);
  });

  it('invokes triangulate:call and resolves the result', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: [{ id: 'doc_1' }] });
    await expect(bridge.call('documents.list', {})).resolves.toEqual([{ id: 'doc_1' }]);
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(CALL_CHANNEL, 'documents.list', {});
  });

  it('rejects with the error payload itself', async () => {
    const error = { code: 'not_found', message: 'No document with id doc_9.' };
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error });
    await expect(bridge.call('documents.get', { id: 'doc_9' })).rejects.toEqual(error);
  });

  it('rejects with an internal error when the main process answers nonsense', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce(undefined);
    await expect(bridge.call('workspace.stats', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('delivers event messages, without the IPC event, until unsubscribed', () => {
    const received: unknown[][] = [];
    const unsubscribe = bridge.subscribe((...args: unknown[]) => received.push(args));
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(EVENT_CHANNEL, expect.any(Function));

    const message: EventMessage = { event: 'command', data: { name: 'export' } };
    const ipcEvent = { sender: electron.ipcRenderer, senderId: 0 };
    for (const listener of electron.listeners.get(EVENT_CHANNEL) ?? []) listener(ipcEvent, message);
    expect(received).toEqual([[message]]);

    unsubscribe();
    expect(electron.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, expect.any(Function));
  });
});

describe('the preload bundle', () => {
  it('requires nothing but electron (a sandboxed preload cannot load Node modules)', async () => {
    // The same options as scripts/build.mjs.
    const result = await build({
      entryPoints: ['electron/preload.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });
});
