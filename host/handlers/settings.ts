/** Handlers of `settings.*`. */
import { getSettings, setSetting } from '../../db/settings.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function settingHandlers({ ws }: HandlerContext): NamespaceHandlers<'settings'> {
  return {
    'settings.get': () => getSettings(ws),
    'settings.set': (p) => setSetting(ws, p.key, p.value),
  };
}
