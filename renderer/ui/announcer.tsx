/**
 * A visually hidden live region for what the person does in the reader by keyboard ("Country:
 * Iraq, 3 of 12"), so a screen reader follows navigation that only paints highlights.
 */
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

const AnnouncerContext = createContext<(message: string) => void>(() => undefined);

export function useAnnounce(): (message: string) => void {
  return useContext(AnnouncerContext);
}

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState({ text: '', n: 0 });
  // Alternate a zero-width suffix so that the same message twice is announced twice.
  const announce = useCallback((text: string) => setMessage((m) => ({ text, n: m.n + 1 })), []);
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
        {message.text}
        {message.n % 2 ? '\u200b' : ''}
      </div>
    </AnnouncerContext.Provider>
  );
}
