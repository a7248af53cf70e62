/**
 * React glue for {@link DocumentSession}: one session per open document id, disposed when the
 * document changes; components re-render on its version.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useApi } from '../api/api-context.js';
import { useNotifier } from '../ui/toasts.js';
import { DocumentSession } from './document-session.js';

export function useDocumentSession(documentId: string | null): DocumentSession | null {
  const api = useApi();
  const notifier = useNotifier();
  const [session, setSession] = useState<DocumentSession | null>(null);
  useEffect(() => {
    if (!documentId) {
      setSession(null);
      return;
    }
    const created = new DocumentSession(api, documentId, (error) => notifier.error(error));
    setSession(created);
    return () => created.dispose();
  }, [api, documentId, notifier]);
  return session && session.documentId === documentId ? session : null;
}

const noop = () => () => undefined;
const zero = () => 0;

/** The session's version, so a component re-renders when the session changes. */
export function useSessionVersion(session: DocumentSession | null): number {
  return useSyncExternalStore(session?.subscribeVersion ?? noop, session?.getVersion ?? zero);
}
