/**
 * The open document and its annotations, kept equal to the workspace: loaded once (the first
 * page of annotations quickly, the rest right after), then updated record by record from
 * `changed` events, which say which annotations of which documents changed. Optimistic
 * annotations (a tag the person just made, painted before the workspace answers) live here
 * too, under a `pending:` id, until the answer replaces them.
 *
 * Views subscribe: the reader repaints only what changed, React reads {@link version}.
 */
import type { Events } from '../../common/contract.js';
import type { Annotation, Document, Fragment } from '../../common/domain.js';
import { ApiError } from '../../common/errors.js';
import { contextOf, quoteOf } from '../../common/anchoring/index.js';
import type { ApiClient } from '../api/api-client.js';
import { IntervalIndex } from '../reader/interval-index.js';

export type SessionStatus = 'loading' | 'ready' | 'deleted' | 'failed';

/** What changed in a session, for views that update incrementally. */
export type SessionChange =
  { type: 'document' } | { type: 'reset' } | { type: 'upsert'; ids: string[] } | { type: 'delete'; ids: string[] };

/** How many annotations the first request fetches: enough to paint the top of any document. */
const FIRST_PAGE = 2000;
/** More changed annotations than this in one event: reload the list rather than fetch each. */
const RELOAD_THRESHOLD = 200;

let pendingCounter = 0;

/** Resolves after the next frame is painted (or soon, in a background tab where frames stop). */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

export function isPendingId(id: string): boolean {
  return id.startsWith('pending:');
}

export class DocumentSession {
  readonly documentId: string;
  document: Document | null = null;
  readonly annotations = new Map<string, Annotation>();
  readonly index = new IntervalIndex();
  status: SessionStatus = 'loading';
  /** True once every annotation is loaded (not just the first page). */
  complete = false;
  error: unknown = null;
  /** Bumped on every change; React reads it through useSyncExternalStore. */
  version = 0;

  private readonly listeners = new Set<(change: SessionChange) => void>();
  private readonly versionListeners = new Set<() => void>();
  private versionNotifyScheduled = false;
  private readonly unsubscribe: () => void;
  private disposed = false;
  private loading = true;
  private changedWhileLoading = false;
  /** Per annotation id: the latest fetch, so an older answer never overwrites a newer one. */
  private readonly fetchSeq = new Map<string, number>();
  private seq = 0;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: ApiClient,
    documentId: string,
    private readonly onError: (error: unknown) => void,
  ) {
    this.documentId = documentId;
    this.unsubscribe = api.on('changed', (change) => this.onChanged(change));
    const offConnection = api.onConnection((state) => {
      if (state === 'reconnected') this.scheduleReload();
    });
    const off = this.unsubscribe;
    this.unsubscribe = () => {
      off();
      offConnection();
    };
    void this.load();
  }

  /** Every change, synchronously (the painter: a new tag is painted in the frame it is made). */
  subscribe(listener: (change: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * For useSyncExternalStore: React hears of changes once per frame, after the frame is painted,
   * so that a re-render of the panels never delays the paint of what the person just did.
   */
  readonly subscribeVersion = (callback: () => void): (() => void) => {
    this.versionListeners.add(callback);
    return () => this.versionListeners.delete(callback);
  };
  readonly getVersion = (): number => this.version;

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.listeners.clear();
    this.versionListeners.clear();
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
  }

  get(id: string): Annotation | undefined {
    return this.annotations.get(id);
  }

  /** Annotations in reading order. */
  ordered(): Annotation[] {
    return this.index.ordered().map((id) => this.annotations.get(id) as Annotation);
  }

  // -------------------------------------------------------------------------------------------
  // Local changes (the person's own, before or as the workspace answers)

  /** Paints a tag at once: an annotation with a `pending:` id until {@link resolvePending}. */
  addPending(labelId: string, fragments: Fragment[], author: string): string {
    const text = this.document?.text ?? '';
    const id = `pending:${++pendingCounter}`;
    const now = new Date().toISOString();
    const { prefix, suffix } = contextOf(text, fragments);
    this.put({
      id,
      documentId: this.documentId,
      labelId,
      fragments,
      quote: quoteOf(text, fragments),
      prefix,
      suffix,
      attributes: {},
      author,
      status: 'accepted',
      note: '',
      entityId: null,
      claimId: null,
      createdAt: now,
      updatedAt: now,
    });
    this.bump();
    this.emit({ type: 'upsert', ids: [id] });
    return id;
  }

  /** Replaces a pending annotation by the stored one (or drops it when `annotation` is null). */
  resolvePending(pendingId: string, annotation: Annotation | null): void {
    const removed = this.remove(pendingId);
    const upserted = annotation && annotation.documentId === this.documentId ? this.put(annotation) : false;
    if (removed || upserted) this.bump();
    if (removed) this.emit({ type: 'delete', ids: [pendingId] });
    if (upserted && annotation) this.emit({ type: 'upsert', ids: [annotation.id] });
  }

  /** Applies an annotation the workspace returned (e.g. from annotations.update). */
  apply(annotation: Annotation): void {
    if (annotation.documentId !== this.documentId) return;
    this.seq++;
    this.fetchSeq.set(annotation.id, this.seq);
    if (this.put(annotation)) {
      this.bump();
      this.emit({ type: 'upsert', ids: [annotation.id] });
    }
  }

  /** Hides an annotation the person deleted, before the workspace confirms. */
  forget(id: string): void {
    if (this.remove(id)) {
      this.bump();
      this.emit({ type: 'delete', ids: [id] });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Loading

  private async load(): Promise<void> {
    this.loading = true;
    this.changedWhileLoading = false;
    try {
      const [document, firstPage] = await Promise.all([
        this.document ? Promise.resolve(this.document) : this.api.call('documents.get', { id: this.documentId }),
        this.api.call('annotations.list', { documentId: this.documentId, limit: FIRST_PAGE }),
      ]);
      if (this.disposed) return;
      this.document = document;
      this.replaceAll(firstPage);
      this.status = 'ready';
      this.bump(true);
      this.emit({ type: 'document' });
      this.emit({ type: 'reset' });
      let all = firstPage;
      if (firstPage.length === FIRST_PAGE) {
        // Let the text and its first highlights paint before the rest arrives and is parsed.
        await afterNextPaint();
        if (this.disposed) return;
        const rest = await this.api.call('annotations.list', { documentId: this.documentId, offset: FIRST_PAGE });
        if (this.disposed) return;
        all = firstPage.concat(rest);
      }
      if (this.changedWhileLoading) {
        // Something changed between the pages: one consistent list instead.
        all = await this.api.call('annotations.list', { documentId: this.documentId });
        if (this.disposed) return;
      }
      if (all !== firstPage || this.changedWhileLoading) {
        this.replaceAll(all);
        this.bump(true);
        this.emit({ type: 'reset' });
      }
      this.complete = true;
      this.bump(true);
    } catch (error) {
      if (this.disposed) return;
      if (error instanceof ApiError && error.code === 'not_found') {
        this.status = 'deleted';
      } else {
        this.status = this.document ? 'ready' : 'failed';
        this.error = error;
        this.onError(error);
      }
      this.bump(true);
      this.emit({ type: 'document' });
    } finally {
      this.loading = false;
    }
  }

  private scheduleReload(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      if (this.loading) this.changedWhileLoading = true;
      else void this.load();
    }, 50);
  }

  private replaceAll(list: Annotation[]): void {
    const pending = [...this.annotations.values()].filter((a) => isPendingId(a.id));
    this.annotations.clear();
    for (const a of list) this.annotations.set(a.id, a);
    for (const a of pending) this.annotations.set(a.id, a);
    this.indexRebuild();
  }

  private indexRebuild(): void {
    this.index.replaceAll([...this.annotations.values()].map((a) => ({ id: a.id, fragments: a.fragments })));
  }

  // -------------------------------------------------------------------------------------------
  // Live updates

  private onChanged(change: Events['changed']): void {
    if (this.disposed) return;
    const mine = change.records.filter(
      (r) =>
        (r.kind === 'annotation' && r.documentIds?.includes(this.documentId)) ||
        (r.kind === 'document' && r.id === this.documentId),
    );
    if (mine.length === 0) return;
    if (mine.some((r) => r.kind === 'document' && r.change === 'deleted')) {
      this.status = 'deleted';
      this.bump();
      this.emit({ type: 'document' });
      return;
    }
    // The document's details (title, outlet, date, author) changed: take them in place, so the
    // reader (built on the text, which never changes) stays as it is.
    if (mine.some((r) => r.kind === 'document') && this.document) void this.refreshDetails();
    const records = mine.filter((r) => r.kind === 'annotation');
    if (this.loading) {
      this.changedWhileLoading = true;
      return;
    }
    if (records.length > RELOAD_THRESHOLD) {
      this.scheduleReload();
      return;
    }
    const deleted: string[] = [];
    for (const record of records) {
      if (record.change === 'deleted') {
        this.fetchSeq.set(record.id, ++this.seq);
        if (this.remove(record.id)) deleted.push(record.id);
      } else {
        void this.fetchOne(record.id);
      }
    }
    if (deleted.length) {
      this.bump();
      this.emit({ type: 'delete', ids: deleted });
    }
  }

  private async refreshDetails(): Promise<void> {
    try {
      const fresh = await this.api.call('documents.get', { id: this.documentId });
      const document = this.document;
      if (this.disposed || !document) return;
      const { title, outlet, publishedAt, origin, metadata, reviewed } = fresh;
      Object.assign(document, { title, outlet, publishedAt, origin, metadata, reviewed });
      this.bump();
      this.emit({ type: 'document' });
    } catch {
      // Gone meanwhile: the deletion's own event says so.
    }
  }

  private async fetchOne(id: string): Promise<void> {
    const mySeq = ++this.seq;
    this.fetchSeq.set(id, mySeq);
    let annotation: Annotation | null;
    try {
      annotation = await this.api.call('annotations.get', { id });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not_found') annotation = null;
      else {
        this.onError(error);
        return;
      }
    }
    if (this.disposed || this.fetchSeq.get(id) !== mySeq) return;
    if (annotation && annotation.documentId === this.documentId) {
      if (this.put(annotation)) {
        this.bump();
        this.emit({ type: 'upsert', ids: [id] });
      }
    } else if (this.remove(id)) {
      this.bump();
      this.emit({ type: 'delete', ids: [id] });
    }
  }

  // -------------------------------------------------------------------------------------------

  /** Stores an annotation; false when nothing visible changed. */
  private put(annotation: Annotation): boolean {
    const current = this.annotations.get(annotation.id);
    if (current && sameAnnotation(current, annotation)) return false;
    this.annotations.set(annotation.id, annotation);
    this.index.set(annotation.id, annotation.fragments);
    return true;
  }

  private remove(id: string): boolean {
    if (!this.annotations.delete(id)) return false;
    this.index.delete(id);
    return true;
  }

  /** A new version; React hears of it after the next paint, or at once when `now` (opening). */
  private bump(now = false): void {
    this.version++;
    if (now) {
      for (const listener of [...this.versionListeners]) listener();
      return;
    }
    if (this.versionNotifyScheduled) return;
    this.versionNotifyScheduled = true;
    void afterNextPaint().then(() => {
      this.versionNotifyScheduled = false;
      if (this.disposed) return;
      for (const listener of [...this.versionListeners]) listener();
    });
  }

  private emit(change: SessionChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

function sameAnnotation(a: Annotation, b: Annotation): boolean {
  return (
    a.updatedAt === b.updatedAt &&
    a.labelId === b.labelId &&
    a.status === b.status &&
    a.entityId === b.entityId &&
    a.claimId === b.claimId &&
    a.note === b.note &&
    a.fragments.length === b.fragments.length &&
    a.fragments.every((f, i) => f.start === b.fragments[i]?.start && f.end === b.fragments[i]?.end) &&
    JSON.stringify(a.attributes) === JSON.stringify(b.attributes)
  );
}
