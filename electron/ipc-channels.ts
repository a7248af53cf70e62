/**
 * The two IPC channels between the Electron main process and the renderer. Kept in their own
 * module so the sandboxed preload bundles these constants and nothing else from the main side.
 */

/** Renderer → main, `ipcRenderer.invoke(CALL_CHANNEL, method, params)` → a `DispatchResult`. */
export const CALL_CHANNEL = 'triangulate:call';

/** Main → renderer, one `EventMessage` per send (workspace changes, progress, menu commands). */
export const EVENT_CHANNEL = 'triangulate:event';

/** Renderer → main, `invoke(CHOOSE_FILES_CHANNEL, request)`: the native open dialog → read grants, or null. */
export const CHOOSE_FILES_CHANNEL = 'triangulate:choose-files';

/** Renderer → main, `invoke(CHOOSE_SAVE_CHANNEL, request)`: the native save dialog → a write grant, or null. */
export const CHOOSE_SAVE_CHANNEL = 'triangulate:choose-save';
