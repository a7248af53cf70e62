/**
 * File grants: how a page names a file without naming a path. The desktop app's native open and
 * save dialogs, and the browser host's uploads and download targets, register the file the person
 * chose here and hand the page an opaque, unguessable id (`fg_…`). The page passes that id to
 * `documents.import`, `datasets.import` or `datasets.export`; the page's gate
 * (./page-access.ts) swaps it for the path before the request reaches the dispatcher. A page can
 * therefore reach exactly the files the person chose for it, each for one use, and no other.
 *
 * Files the host made itself (uploads, download targets) live in one private temporary folder
 * (mode 0700) and are deleted once used, when they expire, or when the host closes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../common/errors.js';

/** How long a grant may wait for its use, and a finished download for its fetch: one hour. */
export const GRANT_TTL_MS = 60 * 60 * 1000;

export type GrantAccess = 'read' | 'write';

export interface Grant {
  readonly id: string;
  /** The real path (a file, or for a brat export a folder). Never sent to the page. */
  readonly path: string;
  /** What the person calls it: the file name they chose or uploaded. */
  readonly name: string;
  readonly access: GrantAccess;
  /** Write grants: the person already agreed to replace what is there (a native save dialog asks). */
  readonly overwrite: boolean;
  /** A file the host made (an upload, a download target): deleted after use. */
  readonly temporary: boolean;
  /** Download targets: what the export wrote, fetched once ready. */
  files: string[] | null;
  state: 'fresh' | 'in_use' | 'ready';
  expires: number;
}

export interface FileGrantsOptions {
  ttlMs?: number;
  now?: () => number;
}

/** A file name safe to create in our own folder: the last path part, no control characters. */
export function safeFileName(name: string, fallback = 'file'): string {
  const base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  const cleaned = base === '.' || base === '..' ? '' : base.slice(-200);
  return cleaned || fallback;
}

export class FileGrants {
  private readonly grants = new Map<string, Grant>();
  private root: string | null = null;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: FileGrantsOptions = {}) {
    this.ttlMs = options.ttlMs ?? GRANT_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** A file the person chose to read (a native open dialog): used where it is. */
  grantRead(file: string, name = path.basename(file)): Grant {
    return this.add({ path: path.resolve(file), name, access: 'read', overwrite: false, temporary: false });
  }

  /** A place the person chose to write (a native save dialog, which confirmed any replacement). */
  grantWrite(file: string, name = path.basename(file)): Grant {
    return this.add({ path: path.resolve(file), name, access: 'write', overwrite: true, temporary: false });
  }

  /**
   * A new empty file in the private folder for an upload named `name`; the caller writes the bytes
   * to `grant.path`, or calls {@link revoke} when the upload fails.
   */
  newUpload(name: string): Grant {
    const id = newGrantId();
    const file = path.join(this.privateFolder(id), safeFileName(name, 'upload'));
    fs.writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
    return this.add({
      id,
      path: file,
      name: safeFileName(name, 'upload'),
      access: 'read',
      overwrite: false,
      temporary: true,
    });
  }

  /** A place in the private folder for an export the page will download as `name`. */
  newDownload(name: string): Grant {
    const id = newGrantId();
    const file = path.join(this.privateFolder(id), safeFileName(name, 'export'));
    return this.add({
      id,
      path: file,
      name: safeFileName(name, 'export'),
      access: 'write',
      overwrite: false,
      temporary: true,
    });
  }

  /**
   * Takes a fresh grant for one request.
   * @throws ApiError `not_found` when the id is unknown, used or expired; `unauthorized` when the
   *   grant is for the other direction (a file chosen for reading given as an export target).
   */
  take(id: string, access: GrantAccess): Grant {
    this.sweep();
    const grant = this.grants.get(id);
    if (!grant || grant.state !== 'fresh') {
      throw new ApiError(
        'not_found',
        'That file choice is no longer valid (it was used or has expired): choose the file again.',
        { field: 'grant' },
      );
    }
    if (grant.access !== access) {
      throw new ApiError(
        'unauthorized',
        access === 'read'
          ? `“${grant.name}” was chosen as a place to save, not a file to read.`
          : `“${grant.name}” was chosen as a file to read, not a place to save.`,
        { field: 'grant' },
      );
    }
    grant.state = 'in_use';
    return grant;
  }

  /**
   * The request that took `grant` is over. A finished export into a download target stays for its
   * download (`files` are what it wrote); everything else the host made is deleted now.
   */
  finish(grant: Grant, outcome: { ok: boolean; files?: string[] }): void {
    if (grant.temporary && grant.access === 'write' && outcome.ok && outcome.files) {
      grant.files = outcome.files;
      grant.state = 'ready';
      grant.expires = this.now() + this.ttlMs;
      return;
    }
    this.revoke(grant.id);
  }

  /** A finished export ready to be downloaded, or null. */
  download(id: string): Grant | null {
    this.sweep();
    const grant = this.grants.get(id);
    return grant && grant.state === 'ready' ? grant : null;
  }

  /** Forgets a grant, deleting what the host made for it. */
  revoke(id: string): void {
    const grant = this.grants.get(id);
    if (!grant) return;
    this.grants.delete(id);
    if (grant.temporary && this.root) fs.rmSync(path.join(this.root, id), { recursive: true, force: true });
  }

  /** Drops expired grants (and their files). */
  sweep(): void {
    const now = this.now();
    for (const grant of [...this.grants.values()]) {
      if (grant.state !== 'in_use' && grant.expires <= now) this.revoke(grant.id);
    }
  }

  /** Deletes everything: the host is closing. */
  close(): void {
    for (const id of [...this.grants.keys()]) this.revoke(id);
    if (this.root) fs.rmSync(this.root, { recursive: true, force: true });
    this.root = null;
  }

  private privateFolder(id: string): string {
    if (this.root === null) {
      this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'triangulate-files-'));
      fs.chmodSync(this.root, 0o700);
    }
    const folder = path.join(this.root, id);
    fs.mkdirSync(folder, { mode: 0o700 });
    return folder;
  }

  private add(fields: Omit<Grant, 'id' | 'files' | 'state' | 'expires'> & { id?: string }): Grant {
    const grant: Grant = {
      ...fields,
      id: fields.id ?? newGrantId(),
      files: null,
      state: 'fresh',
      expires: this.now() + this.ttlMs,
    };
    this.grants.set(grant.id, grant);
    return grant;
  }
}

/** 128 random bits, URL-safe. */
function newGrantId(): string {
  return `fg_${crypto.randomBytes(16).toString('base64url')}`;
}
