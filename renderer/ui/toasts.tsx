/**
 * Messages for the person: errors from the API (role="alert", they stay until dismissed or for a
 * while) and short confirmations (role="status"). Nothing the workspace refuses is swallowed:
 * every failed call ends up here with its readable message.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../common/errors.js';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

interface Notifier {
  /** Shows an error (an ApiError's message, or any thrown value's). */
  error(error: unknown, context?: string): void;
  /** Shows a short confirmation and announces it politely. */
  info(message: string): void;
}

const NotifierContext = createContext<Notifier>({ error: () => undefined, info: () => undefined });

export function useNotifier(): Notifier {
  return useContext(NotifierContext);
}

/** A readable sentence for any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

const INFO_MS = 4000;
const ERROR_MS = 15000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);

  const push = useCallback(
    (kind: Toast['kind'], message: string) => {
      setToasts((list) => {
        // The same message twice in a row is one toast.
        if (list.some((t) => t.kind === kind && t.message === message)) return list;
        const id = next.current++;
        setTimeout(() => dismiss(id), kind === 'error' ? ERROR_MS : INFO_MS);
        return [...list.slice(-4), { id, kind, message }];
      });
    },
    [dismiss],
  );

  const notifier = useMemo<Notifier>(
    () => ({
      error: (error, context) => push('error', context ? `${context}: ${messageOf(error)}` : messageOf(error)),
      info: (message) => push('info', message),
    }),
    [push],
  );

  const errors = toasts.filter((t) => t.kind === 'error');
  const infos = toasts.filter((t) => t.kind === 'info');
  return (
    <NotifierContext.Provider value={notifier}>
      {children}
      <div className="toasts">
        <div role="alert" aria-live="assertive" className="toast-stack">
          {errors.map((t) => (
            <div key={t.id} className="toast toast-error">
              <span className="toast-message">{t.message}</span>
              <button type="button" className="icon-button" aria-label="Dismiss message" onClick={() => dismiss(t.id)}>
                ×
              </button>
            </div>
          ))}
        </div>
        <div role="status" aria-live="polite" className="toast-stack">
          {infos.map((t) => (
            <div key={t.id} className="toast toast-info">
              <span className="toast-message">{t.message}</span>
            </div>
          ))}
        </div>
      </div>
    </NotifierContext.Provider>
  );
}
