/**
 * The workspace-wide lists every panel may need, each queried once and shared: the settings,
 * the labels (the tagset), the canonical entities and claims, and the documents. Each is a live
 * query (see api-context.tsx): it runs again when a `changed` event touches its record kind, so
 * a panel that calls {@link useLabels}, {@link useEntities}, {@link useClaims},
 * {@link useDocumentSummaries} or {@link useSettings} shows what the workspace holds now, without
 * lookup maps handed down through props.
 *
 * One context per list, so a change to the entities re-renders only what reads entities.
 */
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { Claim, DocumentSummary, Entity, Label } from '../../common/domain.js';
import { touches, useApi, useLiveQuery } from '../api/api-context.js';
import { useNotifier } from '../ui/toasts.js';

/** A list from the workspace with an index by id. Empty until the first answer. */
export interface Records<T extends { id: string }> {
  list: readonly T[];
  byId: ReadonlyMap<string, T>;
  /** False until the first answer arrived. */
  loaded: boolean;
}

export interface SettingsValue {
  /** Every setting, or undefined until loaded. */
  values: Record<string, unknown> | undefined;
  /** Writes one setting; a refusal goes to the toasts. */
  set: (key: string, value: unknown) => void;
}

function records<T extends { id: string }>(list: readonly T[] | undefined): Records<T> {
  return { list: list ?? [], byId: new Map((list ?? []).map((item) => [item.id, item])), loaded: list !== undefined };
}

const emptyRecords = records<never>(undefined);
const LabelsContext = createContext<Records<Label>>(emptyRecords);
const EntitiesContext = createContext<Records<Entity>>(emptyRecords);
const ClaimsContext = createContext<Records<Claim>>(emptyRecords);
const DocumentsContext = createContext<Records<DocumentSummary>>(emptyRecords);
const SettingsContext = createContext<SettingsValue>({ values: undefined, set: () => undefined });

/** The tagset, in palette order. */
export function useLabels(): Records<Label> {
  return useContext(LabelsContext);
}

/** Every canonical entity. */
export function useEntities(): Records<Entity> {
  return useContext(EntitiesContext);
}

/** Every canonical claim. */
export function useClaims(): Records<Claim> {
  return useContext(ClaimsContext);
}

/** Every document of the corpus (unfiltered; the corpus panel runs its own filtered query). */
export function useDocumentSummaries(): Records<DocumentSummary> {
  return useContext(DocumentsContext);
}

export function useSettings(): SettingsValue {
  return useContext(SettingsContext);
}

/** Runs the shared live queries and provides them to everything inside. */
export function WorkspaceDataProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const notifier = useNotifier();
  const settingsQuery = useLiveQuery('settings.get', {}, (c) => touches(c.records, ['setting']));
  const labelsQuery = useLiveQuery('labels.list', {}, (c) => touches(c.records, ['label']), { keepPrevious: true });
  const entitiesQuery = useLiveQuery('entities.list', {}, (c) => touches(c.records, ['entity']), {
    keepPrevious: true,
    debounceMs: 100,
  });
  const claimsQuery = useLiveQuery('claims.list', {}, (c) => touches(c.records, ['claim']), {
    keepPrevious: true,
    debounceMs: 100,
  });
  const documentsQuery = useLiveQuery('documents.list', {}, (c) => touches(c.records, ['document']), {
    keepPrevious: true,
  });

  const set = useCallback(
    (key: string, value: unknown) => {
      api.call('settings.set', { key, value }).catch((error: unknown) => notifier.error(error));
    },
    [api, notifier],
  );
  const settings = useMemo(() => ({ values: settingsQuery.data, set }), [settingsQuery.data, set]);
  const labels = useMemo(() => records(labelsQuery.data), [labelsQuery.data]);
  const entities = useMemo(() => records(entitiesQuery.data), [entitiesQuery.data]);
  const claims = useMemo(() => records(claimsQuery.data), [claimsQuery.data]);
  const documents = useMemo(() => records(documentsQuery.data), [documentsQuery.data]);

  return (
    <SettingsContext.Provider value={settings}>
      <LabelsContext.Provider value={labels}>
        <EntitiesContext.Provider value={entities}>
          <ClaimsContext.Provider value={claims}>
            <DocumentsContext.Provider value={documents}>{children}</DocumentsContext.Provider>
          </ClaimsContext.Provider>
        </EntitiesContext.Provider>
      </LabelsContext.Provider>
    </SettingsContext.Provider>
  );
}
