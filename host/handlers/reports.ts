/**
 * Handlers of `reports.*`: the comparison report. As for `datasets.export`, a relative path means
 * "next to the workspace", and a `grant` has already been turned into its path by the page's gate
 * (host/page-access.ts); one that arrives unresolved did not come through a page.
 */
import { exportReport } from '../../db/reports/export-report.js';
import { resolveOutPath } from './datasets.js';
import type { HandlerContext, NamespaceHandlers } from './types.js';

export function reportHandlers({ ws }: HandlerContext): NamespaceHandlers<'reports'> {
  return {
    'reports.export': ({ grant: _grant, ...p }) =>
      exportReport(ws, { ...p, outPath: resolveOutPath(ws, p.outPath, 'outPath') }),
  };
}
