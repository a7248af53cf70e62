/**
 * React access to the API client and to live data: `useApi()` gives the client, `useLiveQuery`
 * runs a query and runs it again whenever a `changed` event touches what it shows (or the event
 * stream reconnects), so every view agrees with the workspace without computing anything itself.
 */
import { createContext, useCallback, useContext, useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import type { Events, MethodName, ParamsOf, ResultOf } from '../../common/contract.js';
import type { ChangedKind, ChangedRecord } from '../../common/domain.js';
import { useNotifier } from '../ui/toasts.js';
import type { ApiClient } from './api-client.js';

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client;
}

/** True when a change touches any record of the given kinds. */
export function touches(records: readonly ChangedRecord[], kinds: readonly ChangedKind[]): boolean {
  return records.some((r) => kinds.includes(r.kind));
}

export interface LiveQuery<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  refetch: () => void;
}

/**
 * Runs `method(params)` now and again whenever a `changed` event passes `refetchOn` (debounced),
 * or the event stream reconnects. `params` null skips the query. Errors go to the toasts too.
 * With `keepPrevious`, the last result stays shown while new params load (no flicker on typing).
 */
export function useLiveQuery<M extends MethodName>(
  method: M,
  params: ParamsOf<M> | null,
  refetchOn: (change: Events['changed']) => boolean,
  options: { debounceMs?: number; keepPrevious?: boolean } = {},
): LiveQuery<ResultOf<M>> {
  const debounceMs = options.debounceMs ?? 60;
  const api = useApi();
  const notifier = useNotifier();
  const key = params === null ? null : JSON.stringify(params);
  const [state, setState] = useState<{ key: string | null; data: ResultOf<M> | undefined; error: unknown }>({
    key: null,
    data: undefined,
    error: undefined,
  });
  const [tick, setTick] = useState(0);
  // The caller's latest `refetchOn`, without subscribing again each time it is a new function.
  const shouldRefetch = useEffectEvent((change: Events['changed']) => refetchOn(change));

  const refetch = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    api
      .call(method, JSON.parse(key) as ParamsOf<M>)
      .then((data) => {
        if (!cancelled) setState({ key, data, error: undefined });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setState((s) => ({ key, data: s.key === key ? s.data : undefined, error }));
        notifier.error(error);
      });
    return () => {
      cancelled = true;
    };
  }, [api, method, key, tick, notifier]);

  useEffect(() => {
    if (key === null) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(refetch, debounceMs);
    };
    const offChanged = api.on('changed', (change) => {
      if (shouldRefetch(change)) schedule();
    });
    const offConnection = api.onConnection((connection) => {
      if (connection === 'reconnected') schedule();
    });
    return () => {
      offChanged();
      offConnection();
      if (timer) clearTimeout(timer);
    };
  }, [api, key, refetch, debounceMs]);

  const current = state.key === key || (options.keepPrevious === true && key !== null);
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: key !== null && (!current || state.data === undefined) && state.error === undefined,
    refetch,
  };
}
