/**
 * Messages for the person: errors from the API (role="alert", they stay until dismissed or for a
 * while), short confirmations (role="status") and, for a step that needs an explicit decision
 * (undoing someone else's change), a choice in a modal dialog. Nothing the workspace refuses is
 * swallowed: every failed call ends up here with its readable message.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../common/errors.js';
import { Dialog } from './dialog.js';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

/** A decision to put to the person: a question, and the words of its two buttons. */
export interface Choice {
  title: string;
  message: string;
  /** The button that goes ahead, e.g. “Undo Bob's change anyway”. */
  confirm: string;
  /** The button that does nothing (focused first; Esc does the same). */
  cancel: string;
}

interface Notifier {
  /** Shows an error (an ApiError's message, or any thrown value's). */
  error(error: unknown, context?: string): void;
  /** Shows a short confirmation and announces it politely. */
  info(message: string): void;
  /** Asks the person to choose; resolves true for `confirm`, false for `cancel` (or Esc, or another choice). */
  choose(choice: Choice): Promise<boolean>;
}

const NotifierContext = createContext<Notifier>({
  error: () => undefined,
  info: () => undefined,
  choose: () => Promise.resolve(false),
});

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
  const [pending, setPending] = useState<{ choice: Choice; answer: (yes: boolean) => void } | null>(null);
  const next = useRef(1);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Cancel is where the focus starts (after the dialog opened and focused its first control):
  // going ahead takes a deliberate step.
  useEffect(() => {
    if (pending) cancelRef.current?.focus();
  }, [pending]);

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
      choose: (choice) =>
        new Promise<boolean>((resolve) =>
          setPending((previous) => {
            previous?.answer(false);
            return { choice, answer: resolve };
          }),
        ),
    }),
    [push],
  );

  const answer = (yes: boolean) => {
    pending?.answer(yes);
    setPending(null);
  };

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
      <Dialog
        title={pending?.choice.title ?? ''}
        description={pending?.choice.message ?? ''}
        open={pending !== null}
        onClose={() => answer(false)}
        className="choice-dialog"
      >
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={() => answer(true)}>
            {pending?.choice.confirm}
          </button>
          <button type="button" ref={cancelRef} onClick={() => answer(false)}>
            {pending?.choice.cancel}
          </button>
        </div>
      </Dialog>
    </NotifierContext.Provider>
  );
}
