/**
 * The Content-Security-Policy of the renderer, whichever host serves it: the Electron window's
 * app:// protocol and the loopback browser host send the same header.
 */

/**
 * The Content-Security-Policy of every page Triangulate serves: only its own bundle, no inline
 * script, no remote content of any kind, no framing, no plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
