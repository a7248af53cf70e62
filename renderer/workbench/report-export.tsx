/**
 * Export report…: the comparison report (`reports.export`, one self-contained HTML file that
 * prints to PDF) of the whole corpus. It asks where the file goes with the same chooser as
 * Export… (the desktop's save dialog; in the browser, a download), suggesting
 * `triangulate-report-YYYY-MM-DD.html`; while it works the buttons that start it say so (busy,
 * disabled) and the announcer tells a screen reader; the outcome, or the reason it failed, comes
 * as a notice. One report at a time: the toolbar, the Claims view and the command share this
 * state through {@link ReportExportProvider}.
 */
import { createContext, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { reportFileName } from '../../common/file-kinds.js';
import { useApi } from '../api/api-context.js';
import { useAnnounce } from '../ui/announcer.js';
import { useNotifier } from '../ui/toasts.js';
import { plural } from './format.js';

export interface ReportExport {
  /** True while a report is being chosen a place, written or delivered. */
  busy: boolean;
  /** Asks where the report goes, writes it and hands it over; never throws (errors are notices). */
  run: () => Promise<void>;
}

const ReportExportContext = createContext<ReportExport>({ busy: false, run: () => Promise.resolve() });

/** Today's date where the person is, as `YYYY-MM-DD`. */
function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The name suggested for a report made today. */
export function suggestedReportName(now = new Date()): string {
  return reportFileName(localDate(now));
}

/** Holds the one report export of the workbench. */
export function ReportExportProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const notifier = useNotifier();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const running = useRef(false);

  const value = useMemo<ReportExport>(
    () => ({
      busy,
      run: async () => {
        if (running.current) return;
        running.current = true;
        setBusy(true);
        try {
          const target = await api.chooseSaveTarget({ suggestedName: suggestedReportName(), format: 'report' });
          if (!target) return;
          announce('Exporting the report…');
          const reply = await api.call('reports.export', { grant: target.grant });
          const delivered = await api.deliver(target, { dataOnly: true });
          notifier.info(
            `Exported the report (${plural(reply.claims, 'claim')} across ${plural(reply.documents, 'article')}) as ${delivered}.`,
          );
        } catch (error) {
          notifier.error(error, 'Could not export the report');
        } finally {
          running.current = false;
          setBusy(false);
        }
      },
    }),
    [api, announce, notifier, busy],
  );
  return <ReportExportContext.Provider value={value}>{children}</ReportExportContext.Provider>;
}

/** The workbench's report export: its busy state and how to start it. */
export function useReportExport(): ReportExport {
  return useContext(ReportExportContext);
}

/** The button that starts it (the Claims view's toolbar); `className` for its place. */
export function ExportReportButton({ className }: { className?: string }) {
  const { busy, run } = useReportExport();
  return (
    <button type="button" className={className} onClick={() => void run()} aria-disabled={busy} aria-busy={busy}>
      {busy ? 'Exporting report…' : 'Export report…'}
    </button>
  );
}
