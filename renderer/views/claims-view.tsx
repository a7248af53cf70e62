/**
 * The Claims view ("Across the articles"): one event, many outlets. A table of claims × articles
 * (`claims.matrix`, live), each cell the outlet's stance and the sources it cites; sorting and
 * filters; the evidence of a cell beside the table; the analyst's "reviewed" mark per article,
 * which turns an empty cell from "not yet read" into "not carried"; a chart of stances per
 * outlet; CSV and SVG downloads, and Export report… (the comparison report, ../workbench/report-export.tsx).
 */
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import type { ClaimMatrixColumn, ClaimMatrixRow } from '../../common/domain.js';
import { ApiError } from '../../common/errors.js';
import { touches, useApi, useLiveQuery } from '../api/api-context.js';
import { useClaims, useDocumentSummaries } from '../data/workspace-data.js';
import { useAnnounce } from '../ui/announcer.js';
import { useNotifier } from '../ui/toasts.js';
import { formatDate, plural } from '../workbench/format.js';
import { ClaimsChart, svgForDownload } from './claims-chart.js';
import { ClaimsEvidence } from './claims-evidence.js';
import { ExportReportButton } from '../workbench/report-export.js';
import {
  CLAIM_SORTS,
  arrangeRows,
  columnName,
  matrixCsv,
  outletsCarrying,
  sourceText,
  stanceCountsByOutlet,
  type ClaimFilters,
  type ClaimSort,
} from './claims-model.js';
import { StanceChip } from './claims-stance-chip.js';
import type { ViewProps } from './view-props.js';
import { MAX_COLUMNS } from './compare-model.js';

const refetchOn = (change: { records: Parameters<typeof touches>[0] }) =>
  touches(change.records, ['annotation', 'claim', 'relation', 'document', 'entity']);

/** Where the evidence is open: a claim's row and an article's column. */
interface OpenCell {
  claimId: string;
  documentId: string;
}

function download(name: string, type: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The Escape of the open evidence. The workbench's key listener captures keys on the window
 * (and Escape there clears the Read view's selection), so the view's own Escape needs a
 * capturing listener registered before it: at this module's import, ahead of the workbench's
 * mount. It acts only on keys pressed inside the Claims view while the evidence is open.
 */
let closeOpenEvidence: (() => void) | null = null;
if (typeof window !== 'undefined') {
  window.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Escape' || event.defaultPrevented || !closeOpenEvidence) return;
      if (!(event.target instanceof Element) || !event.target.closest('.claims-view')) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      closeOpenEvidence();
    },
    true,
  );
}

function cellId(claimId: string, documentId: string) {
  return `claims-cell-${claimId}-${documentId}`;
}

export function ClaimsView({ onOpenAnnotation, onCompare }: ViewProps) {
  const api = useApi();
  const notifier = useNotifier();
  const announce = useAnnounce();
  // Narrowing: one outlet's articles, claims whose summary has some words. The whole matrix of a
  // large corpus is refused (`too_large`, over a million cells): these make it answerable.
  const documents = useDocumentSummaries();
  const claimsList = useClaims();
  const [outlet, setOutlet] = useState('');
  const [claimQuery, setClaimQuery] = useState('');
  const [claimWords, setClaimWords] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setClaimWords(claimQuery.trim().toLowerCase()), 150);
    return () => clearTimeout(timer);
  }, [claimQuery]);
  const outlets = useMemo(
    () => [...new Set(documents.list.map((d) => outletOf(d.outlet)))].sort((a, b) => a.localeCompare(b)),
    [documents.list],
  );
  const params = useMemo(
    () => ({
      ...(outlet ? { documentIds: documents.list.filter((d) => outletOf(d.outlet) === outlet).map((d) => d.id) } : {}),
      ...(claimWords
        ? { claimIds: claimsList.list.filter((c) => c.summary.toLowerCase().includes(claimWords)).map((c) => c.id) }
        : {}),
    }),
    [outlet, claimWords, documents.list, claimsList.list],
  );
  const matrix = useLiveQuery('claims.matrix', params, refetchOn, { keepPrevious: true });
  const narrowing = (
    <span className="claims-narrow">
      <label>
        Outlet{' '}
        <select value={outlet} onChange={(e) => setOutlet(e.target.value)}>
          <option value="">All outlets</option>
          {outlets.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        Claims with{' '}
        <input
          type="search"
          value={claimQuery}
          placeholder="words of the summary"
          onChange={(e) => setClaimQuery(e.target.value)}
        />
      </label>
    </span>
  );
  const [sort, setSort] = useState<ClaimSort>('first');
  const [filters, setFilters] = useState<ClaimFilters>({ oneOutlet: false, contested: false });
  const [open, setOpen] = useState<OpenCell | null>(null);
  const evidenceHeadingRef = useRef<HTMLHeadingElement>(null);
  const chartRef = useRef<SVGSVGElement>(null);
  const focusEvidence = useRef(false);

  // The analyst's "reviewed" mark shows at once; the next answer of the matrix confirms it.
  const [reviewedNow, setReviewedNow] = useState<{ data: unknown; marks: ReadonlyMap<string, boolean> }>({
    data: undefined,
    marks: new Map(),
  });
  const answer = matrix.data;
  const data = useMemo(() => {
    if (!answer || reviewedNow.data !== answer || !reviewedNow.marks.size) return answer;
    const columns = answer.columns.map((c) => {
      const reviewed = reviewedNow.marks.get(c.documentId);
      return reviewed === undefined ? c : { ...c, reviewed };
    });
    return { ...answer, columns };
  }, [answer, reviewedNow]);
  const rows = useMemo(() => (data ? arrangeRows(data, sort, filters) : []), [data, sort, filters]);
  const bars = useMemo(() => (data ? stanceCountsByOutlet(data) : []), [data]);

  const openRow = open && data?.rows.find((r) => r.claim.id === open.claimId);
  const openColumnIndex = open && data ? data.columns.findIndex((c) => c.documentId === open.documentId) : -1;
  const openColumn = data?.columns[openColumnIndex];
  const openMentions = openRow?.cells[openColumnIndex]?.mentions ?? [];
  const evidenceShown = Boolean(openRow && openColumn && openMentions.length);

  useEffect(() => {
    if (evidenceShown && focusEvidence.current) {
      focusEvidence.current = false;
      evidenceHeadingRef.current?.focus();
    }
  }, [evidenceShown, open]);

  const closeEvidence = () => {
    if (!open) return;
    const back = document.getElementById(cellId(open.claimId, open.documentId));
    setOpen(null);
    back?.focus();
  };

  const closeOnEscape = useEffectEvent(closeEvidence);
  useEffect(() => {
    if (!evidenceShown) return;
    closeOpenEvidence = () => closeOnEscape();
    return () => {
      closeOpenEvidence = null;
    };
  }, [evidenceShown]);

  const setReviewed = (column: ClaimMatrixColumn, reviewed: boolean) => {
    setReviewedNow((now) => ({
      data: answer,
      marks: new Map([...(now.data === answer ? now.marks : []), [column.documentId, reviewed]]),
    }));
    api
      .call('documents.setReviewed', { id: column.documentId, reviewed })
      .then(() =>
        announce(
          reviewed
            ? `${columnName(column)} marked reviewed: its empty cells now say not carried.`
            : `${columnName(column)} no longer marked reviewed.`,
        ),
      )
      .catch((error: unknown) => {
        setReviewedNow({ data: undefined, marks: new Map() });
        notifier.error(error);
      });
  };

  const downloadCsv = () => {
    if (!data) return;
    download('claims-matrix.csv', 'text/csv;charset=utf-8', matrixCsv(data.columns, rows));
  };
  const downloadSvg = () => {
    if (chartRef.current) download('claims-by-outlet.svg', 'image/svg+xml', svgForDownload(chartRef.current));
  };

  const tooLarge = matrix.error instanceof ApiError && matrix.error.code === 'too_large';
  if (!data || (tooLarge && !matrix.data)) {
    return (
      <div className="claims-view">
        <h2>Claims across the articles</h2>
        {tooLarge ? (
          <>
            <p role="alert">
              Too many claims × articles to show at once ({(matrix.error as ApiError).message.replace(/;.*$/, '')}).
              Narrow it to one outlet, or to the claims with some words:
            </p>
            <div className="claims-controls">{narrowing}</div>
          </>
        ) : (
          <p className="muted">{matrix.error ? 'The claims could not be loaded.' : 'Loading the claims…'}</p>
        )}
      </div>
    );
  }

  if (!data.rows.length && !outlet && !claimWords) {
    return (
      <div className="claims-view">
        <h2>Claims across the articles</h2>
        <p className="claims-empty">
          No claims yet. In the Read view, select a sentence that asserts something and tag it as a Claim (key{' '}
          <kbd>c</kbd>), then in the inspector link it to a claim (“Link to a claim”): a new one, or the same claim
          another article carries. Each linked claim becomes a row here, each article a column.
        </p>
      </div>
    );
  }

  return (
    <div className="claims-view">
      <div className="claims-header">
        <h2>Claims across the articles</h2>
        <div className="claims-controls">
          {narrowing}
          <label className="claims-sort">
            Sort claims{' '}
            <select value={sort} onChange={(e) => setSort(e.target.value as ClaimSort)}>
              {CLAIM_SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={filters.oneOutlet}
              onChange={(e) => setFilters((f) => ({ ...f, oneOutlet: e.target.checked }))}
            />
            One outlet only
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={filters.contested}
              onChange={(e) => setFilters((f) => ({ ...f, contested: e.target.checked }))}
            />
            Contested
          </label>
          <span className="claims-downloads">
            <button type="button" onClick={downloadCsv}>
              Download CSV
            </button>
            <button type="button" onClick={downloadSvg}>
              Download SVG
            </button>
            <ExportReportButton />
          </span>
        </div>
      </div>
      <div className={`claims-body${evidenceShown ? ' with-evidence' : ''}`}>
        <div className="claims-matrix-box" role="region" aria-labelledby="claims-caption" tabIndex={0}>
          <table className="claims-matrix">
            <caption id="claims-caption">
              Claims by article: {plural(rows.length, 'claim')} shown of {data.rows.length}, in{' '}
              {plural(data.columns.length, 'article')}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="claims-corner">
                  Claim
                </th>
                {data.columns.map((column) => (
                  <ColumnHeader key={column.documentId} column={column} onReviewed={setReviewed} />
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <MatrixRow
                  key={row.claim.id}
                  row={row}
                  columns={data.columns}
                  open={open}
                  onOpen={(documentId) => {
                    focusEvidence.current = true;
                    setOpen({ claimId: row.claim.id, documentId });
                  }}
                />
              ))}
            </tbody>
          </table>
          {!rows.length && <p className="empty-note">No claim passes these filters.</p>}
        </div>
        {evidenceShown && openRow && openColumn && (
          <ClaimsEvidence
            summary={openRow.claim.summary}
            column={openColumn}
            mentions={openMentions}
            onClose={closeEvidence}
            onOpenAnnotation={onOpenAnnotation}
            onSideBySide={() =>
              onCompare({
                documentIds: carriers(openRow, openColumn.documentId),
                focus: { kind: 'claim', id: openRow.claim.id },
                show: true,
              })
            }
            headingRef={evidenceHeadingRef}
          />
        )}
      </div>
      <ClaimsChart bars={bars} svgRef={chartRef} />
    </div>
  );
}

/**
 * The articles to read a claim in side by side: the one asked for, then the others carrying it
 * in order of publication (the matrix's column order), at most {@link MAX_COLUMNS}.
 */
function carriers(row: ClaimMatrixRow, firstId: string): string[] {
  const others = row.cells.filter((c) => c.mentions.length > 0 && c.documentId !== firstId).map((c) => c.documentId);
  return [firstId, ...others].slice(0, MAX_COLUMNS);
}

/** A document's outlet as the narrowing lists it. */
function outletOf(outlet: string | null): string {
  return outlet ?? 'Unknown outlet';
}

function ColumnHeader({
  column,
  onReviewed,
}: {
  column: ClaimMatrixColumn;
  onReviewed: (column: ClaimMatrixColumn, reviewed: boolean) => void;
}) {
  const name = columnName(column);
  return (
    <th
      scope="col"
      className="claims-column"
      title={column.title}
      aria-label={`${name}: ${column.title}, ${formatDate(column.publishedAt)}`}
    >
      <span className="claims-outlet">{name}</span>
      <span className="claims-date muted small">{formatDate(column.publishedAt)}</span>
      <label className="checkbox claims-reviewed small">
        <input
          type="checkbox"
          checked={column.reviewed}
          aria-label={`Mark this article reviewed: ${name}`}
          onChange={(e) => onReviewed(column, e.target.checked)}
        />
        <span aria-hidden="true">reviewed</span>
      </label>
    </th>
  );
}

function MatrixRow({
  row,
  columns,
  open,
  onOpen,
}: {
  row: ClaimMatrixRow;
  columns: ClaimMatrixColumn[];
  open: OpenCell | null;
  onOpen: (documentId: string) => void;
}) {
  const first = row.firstAppearance && columns.find((c) => c.documentId === row.firstAppearance?.documentId);
  const outlets = outletsCarrying(row, columns).length;
  return (
    <tr>
      <th scope="row" className="claims-claim">
        <span className="claims-summary">{row.claim.summary}</span>
        <span className="muted small claims-first">
          {first && row.firstAppearance
            ? `first: ${columnName(first)} · ${formatDate(row.firstAppearance.publishedAt)}`
            : 'first: undated'}
          {' · '}
          {plural(outlets, 'outlet')}
        </span>
      </th>
      {row.cells.map((cell, i) => {
        const column = columns[i];
        if (!column) return null;
        if (!cell.mentions.length) {
          return (
            <td key={cell.documentId} className="claims-cell empty">
              {column.reviewed ? (
                <>
                  <span aria-hidden="true">—</span>
                  <span className="visually-hidden">not carried</span>
                </>
              ) : (
                <span className="claims-unread">not yet read</span>
              )}
            </td>
          );
        }
        const isOpen = open?.claimId === row.claim.id && open.documentId === cell.documentId;
        return (
          <td key={cell.documentId} className={`claims-cell${isOpen ? ' open' : ''}`}>
            <button
              type="button"
              id={cellId(row.claim.id, cell.documentId)}
              className="claims-cell-button"
              aria-expanded={isOpen}
              aria-controls={isOpen ? 'claims-evidence' : undefined}
              onClick={() => onOpen(cell.documentId)}
            >
              <span className="visually-hidden">{columnName(column)}: </span>
              {cell.mentions.map((mention) => (
                <span key={mention.annotationId} className="claims-mention">
                  <StanceChip stance={mention.stance} />
                  {mention.sources.length > 0 && (
                    <span className="claims-sources"> — {mention.sources.map(sourceText).join('; ')}</span>
                  )}
                </span>
              ))}
            </button>
          </td>
        );
      })}
    </tr>
  );
}
