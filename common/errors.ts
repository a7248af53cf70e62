/**
 * Errors that cross the API boundary. Every failure a caller can see carries a stable `code`
 * (machine-readable, never reworded) and a `message` written for a person.
 *
 * Isomorphic: imported by the renderer, the dispatcher and the workspace alike.
 */

/** Stable error codes. Add new ones at the end; never rename an existing one. */
export const ERROR_CODES = [
  /** The params did not match the method's schema, or broke a rule the schema cannot express. */
  'invalid_params',
  /** No such method. */
  'unknown_method',
  /** A referenced document, label, annotation, entity, claim or relation does not exist. */
  'not_found',
  /** The change would break a uniqueness rule or collide with the current state. */
  'conflict',
  /** An offset or fragment does not fit the document text. */
  'invalid_range',
  /** An imported file is empty, binary, not UTF-8, of an unsupported kind or malformed. */
  'invalid_file',
  /** The workspace file is not a Triangulate workspace or was made by a newer version. */
  'incompatible_workspace',
  /** Nothing to undo / redo. */
  'nothing_to_undo',
  'nothing_to_redo',
  /** The request was refused by the transport (bad token, foreign sender). */
  'unauthorized',
  /** The operation was cancelled by the person. */
  'cancelled',
  /** An unexpected failure; the message says what, the logs keep the detail. */
  'internal',
  /** Another program (or a long import) held the workspace's write lock for too long; try again. */
  'busy',
  /** The workspace worker stopped while handling the request; it restarts on the next one. */
  'interrupted',
  /**
   * The disk holding the workspace is full: the change was not written (nothing half-written),
   * and the workspace works again once space is freed.
   */
  'disk_full',
  /**
   * The request passed one of the documented caps: the host's (body size, open event streams) or
   * a method's (the cells of `claims.matrix`).
   */
  'too_large',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The serialised form of an error, as it travels over IPC, HTTP or the CLI's stderr. */
export interface ApiErrorPayload {
  code: ErrorCode;
  message: string;
  /** Optional structured detail (e.g. the offending field path, file name or line). */
  details?: Record<string, unknown>;
}

/** An error with a stable code. Thrown inside the workspace, serialised by the dispatcher. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }

  toJSON(): ApiErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds an ApiError from its payload (client side). */
  static fromPayload(payload: ApiErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message, payload.details);
  }
}

/** True when `value` has the shape of an {@link ApiErrorPayload}. */
export function isApiErrorPayload(value: unknown): value is ApiErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string'
  );
}

/**
 * The payload with every mention of the path `from` (a private file or folder the person never
 * chose by that name: an upload's temporary file, an unpacked archive) replaced by `to`, the name
 * they know it by. Applies to the message and to string details.
 */
export function renamePath(payload: ApiErrorPayload, from: string, to: string): ApiErrorPayload {
  if (!from) return payload;
  const rename = (text: string) => text.split(`${from}/`).join(`${to} › `).split(from).join(to);
  const details =
    payload.details === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(payload.details).map(([key, value]) => [
            key,
            typeof value === 'string' ? rename(value) : value,
          ]),
        );
  return { code: payload.code, message: rename(payload.message), ...(details ? { details } : {}) };
}
