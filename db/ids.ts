/**
 * Identifiers, timestamps and content hashes used by the workspace.
 */
import crypto from 'node:crypto';

/** A new id: a prefix, a time part (so ids sort by creation) and 48 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${crypto.randomBytes(6).toString('hex')}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** `sha256:` + the hex SHA-256 digest of a text's UTF-8 bytes. */
export function sha256(text: string): string {
  return 'sha256:' + crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}
