/**
 * React glue for the command registry: builds the workbench's registry for the current tagset,
 * listens to every key press of the page in one place (a capture listener on the window, so it
 * sees the key before the focused element does) and to the desktop menu's `command` events,
 * and runs the command they mean with the context of the latest render.
 *
 * A key that runs a command is stopped there (default prevented, propagation stopped); any
 * other key goes on as if the listener were not there.
 */
import { useEffect, useEffectEvent, useMemo } from 'react';
import type { Label } from '../../../common/domain.js';
import { useApi } from '../../api/api-context.js';
import { activeScopes, whereIs, type Where } from './key-scope.js';
import { createWorkbenchRegistry, type WorkbenchContext, type WorkbenchRegistry } from './workbench-commands.js';

/**
 * The workbench's registry; dispatches key presses and menu commands to it. `contextFor` gives
 * the context to run a command with, for where the focus was; it is read when a key is pressed
 * or a menu command arrives, so it may be a new function on every render.
 */
export function useWorkbenchCommands(
  labels: readonly Label[],
  contextFor: (where: Where) => WorkbenchContext,
): WorkbenchRegistry {
  const api = useApi();
  const registry = useMemo(() => createWorkbenchRegistry(labels), [labels]);

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const scopes = activeScopes(event.target);
    if (scopes.length === 0) return;
    if (registry.dispatch(event, scopes, contextFor(whereIs(event.target)))) {
      event.preventDefault();
      event.stopPropagation();
    }
  });

  const onMenuCommand = useEffectEvent((name: string) => {
    registry.run(name, contextFor('menu'));
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener, true);
    const offCommand = api.on('command', ({ name }) => onMenuCommand(name));
    return () => {
      window.removeEventListener('keydown', listener, true);
      offCommand();
    };
  }, [api]);

  return registry;
}
