/**
 * The Sources view: who said it, on whose authority. Pick a claim and see, for each outlet
 * carrying it, each mention's attribution chains (attributed to a source, which cites another,
 * …) twice: as a graph drawn in SVG (every node a button: Enter opens the annotation in Read)
 * and as nested lists under a heading per outlet, the same data for screen readers and for
 * reading. Cycles and cut chains are said in words.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { SourceChains } from '../../common/domain.js';
import { touches, useLiveQuery } from '../api/api-context.js';
import { useClaims, useDocumentSummaries, useEntities } from '../data/workspace-data.js';
import { plural } from '../workbench/format.js';
import {
  DEFAULT_LAYOUT,
  buildGraph,
  chainTree,
  cycleWords,
  edgeWords,
  kindWord,
  layoutGraph,
  nodeName,
  type Box,
  type ChainTreeItem,
  type GraphNode,
  type NodeKind,
  type SourceGraph,
} from './sources-graph.js';
import type { ViewProps } from './view-props.js';

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function SourcesView({ onOpenAnnotation }: ViewProps) {
  const claims = useClaims();
  const documents = useDocumentSummaries();
  const entities = useEntities();
  const [chosen, setChosen] = useState<string | null>(null);
  const selectId = useId();

  const mentioned = claims.list.find((c) => c.mentionCount > 0);
  const claimId = chosen && claims.byId.has(chosen) ? chosen : ((mentioned ?? claims.list[0])?.id ?? null);
  const claim = claimId ? claims.byId.get(claimId) : undefined;

  const query = useLiveQuery(
    'sources.chains',
    claimId ? { claimId } : null,
    (change) => touches(change.records, ['relation', 'annotation', 'entity', 'claim', 'document']),
    { keepPrevious: true },
  );
  const chains = query.data;

  const outletOf = useMemo(
    () => (documentId: string) => {
      const doc = documents.byId.get(documentId);
      return doc ? (doc.outlet ?? doc.title) : 'an unknown document';
    },
    [documents],
  );
  const graph = useMemo(
    () => (chains ? buildGraph(chains, { outletOf, entityTypeOf: (id) => entities.byId.get(id)?.type }) : null),
    [chains, outletOf, entities],
  );
  const attributed = chains?.some((c) => c.chains.length > 0) ?? false;

  return (
    <div className="sources-view">
      <header className="sources-header">
        <h2>Sources: who said it, on whose authority</h2>
        {claims.loaded && claims.list.length > 0 && (
          <div className="sources-pick">
            <label htmlFor={selectId}>Claim</label>
            <select id={selectId} value={claimId ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {claims.list.map((c) => (
                <option key={c.id} value={c.id}>
                  {clip(c.summary, 90)} ({plural(c.mentionCount, 'mention')})
                </option>
              ))}
            </select>
          </div>
        )}
      </header>

      {claims.loaded && claims.list.length === 0 && (
        <p className="sources-empty">
          No claims yet. In the Read view, tag a claim, then link it to a canonical claim in the inspector (“Link to a
          claim”).
        </p>
      )}
      {claim && chains && chains.length === 0 && (
        <p className="sources-empty">
          No annotation mentions this claim yet. In the Read view, tag a passage as a claim and link it to this claim in
          the inspector (“Link to a claim”); then attribute it to its source (“attributed to”, Pick source).
        </p>
      )}
      {claim && chains && chains.length > 0 && !attributed && (
        <p className="sources-empty" role="status">
          No mention of this claim is attributed to a source yet. To attribute one, select the claim mention in the Read
          view; in the inspector under Relations, choose “attributed to” and press Pick source, then click the source in
          the text.
        </p>
      )}
      {claim && chains && graph && attributed && (
        <div className="sources-body">
          <SourceGraphFigure graph={graph} outletOf={outletOf} onOpen={onOpenAnnotation} />
          <ChainList chains={chains} graph={graph} outletOf={outletOf} onOpen={onOpenAnnotation} />
        </div>
      )}
      {claim && !chains && query.loading && <p className="sources-empty">Loading the chains…</p>}
    </div>
  );
}

interface PartProps {
  graph: SourceGraph;
  outletOf: (documentId: string) => string;
  onOpen: (documentId: string, annotationId: string) => void;
}

function shapeOf(kind: NodeKind, box: Box) {
  const { x, y, width: w, height: h } = box;
  switch (kind) {
    case 'anonymous':
      // A capsule with a dashed outline: a voice without a name.
      return <rect className="sources-shape" x={x} y={y} width={w} height={h} rx={h / 2} />;
    case 'outlet': {
      // Cut corners: an outlet or agency passing words on.
      const c = Math.min(12, h / 3);
      const d = `M${x + c},${y} H${x + w - c} L${x + w},${y + c} V${y + h - c} L${x + w - c},${y + h} H${x + c} L${x},${y + h - c} V${y + c} Z`;
      return <path className="sources-shape" d={d} />;
    }
    case 'mention':
      return <rect className="sources-shape" x={x} y={y} width={w} height={h} rx={2} />;
    default:
      return <rect className="sources-shape" x={x} y={y} width={w} height={h} rx={8} />;
  }
}

function smallPrint(node: GraphNode): string {
  const stances = node.stances.join(', ');
  if (node.kind === 'mention') return stances ? `claim mention · ${stances}` : 'claim mention';
  const kind = node.kind === 'anonymous' ? 'anonymous' : node.kind === 'outlet' ? 'outlet/agency' : 'named source';
  return stances ? `${kind} · ${stances}` : kind;
}

/** The graph: nodes by column, edges with their stance and cue, every node a button. */
function SourceGraphFigure({ graph, outletOf, onOpen }: PartProps) {
  const captionId = useId();
  const layout = useMemo(() => layoutGraph(graph.nodes, graph.edges), [graph]);
  // Room on the right for the loops of edges that go back (see below).
  const loops = graph.edges.some((e) => {
    const from = graph.nodes.find((n) => n.id === e.from);
    const to = graph.nodes.find((n) => n.id === e.to);
    return from !== undefined && to !== undefined && to.column <= from.column;
  });
  const width = layout.width + (loops ? 90 : 0);
  const open = (node: GraphNode) => onOpen(node.documentId, node.id);
  const onKeyDown = (event: KeyboardEvent, node: GraphNode) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(node);
    }
  };
  const ordered = [...graph.nodes].sort((a, b) => {
    const pa = layout.boxes.get(a.id) as Box;
    const pb = layout.boxes.get(b.id) as Box;
    return a.column - b.column || pa.y - pb.y;
  });
  const { nodeWidth } = DEFAULT_LAYOUT;
  // Bold 13.5px text runs up to 7.9px a character; a capsule loses its rounded ends.
  const charsFor = (node: GraphNode) => Math.floor((nodeWidth - (node.kind === 'anonymous' ? 44 : 28)) / 7.9);

  return (
    <figure className="sources-graph" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        Attribution graph <span className="muted">— claim mentions by outlet, then whom they are attributed to</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${layout.height}`}
        style={{ maxWidth: `${width}px` }}
        role="group"
        aria-labelledby={captionId}
      >
        <defs>
          <marker
            id="sources-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" className="sources-arrowhead" />
          </marker>
        </defs>
        {layout.groups.map((group) => (
          <text key={`group-${group.name}`} className="sources-group" x={group.x} y={group.y + 18}>
            {clip(group.name, 32)}
          </text>
        ))}
        {graph.edges.map((edge) => {
          const a = layout.boxes.get(edge.from);
          const b = layout.boxes.get(edge.to);
          if (!a || !b) return null;
          const x1 = a.x + a.width;
          const y1 = a.y + a.height / 2;
          const x2 = b.x;
          const y2 = b.y + b.height / 2;
          const words = edgeWords(edge);
          // Forwards, a curve across the gap; to a node in the same column or one before it (a
          // cycle across chains), a loop out on the right into the target's right side.
          const back = b.x <= a.x;
          const bend = x1 + 70;
          const mid = back ? bend - 8 : (x1 + x2) / 2;
          const labelY = (y1 + y2) / 2;
          const d = back
            ? `M${x1},${y1} C${bend},${y1} ${bend},${y2} ${b.x + b.width + 2},${y2}`
            : `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 2},${y2}`;
          return (
            <g
              key={`${edge.from}-${edge.to}-${edge.relation}`}
              className={`sources-edge sources-edge--${edge.relation}`}
            >
              <path d={d} markerEnd="url(#sources-arrow)" />
              {words && (
                <>
                  <rect
                    className="sources-edge-label-bg"
                    x={mid - words.length * 3.4 - 5}
                    y={labelY - 10}
                    width={words.length * 6.8 + 10}
                    height={18}
                    rx={4}
                  />
                  <text className="sources-edge-label" x={mid} y={labelY + 3} textAnchor="middle">
                    {clip(words, 22)}
                  </text>
                </>
              )}
            </g>
          );
        })}
        {ordered.map((node) => {
          const box = layout.boxes.get(node.id) as Box;
          const outlet = outletOf(node.documentId);
          const name = nodeName(node, outlet);
          const inset = node.kind === 'anonymous' ? 22 : 14;
          return (
            <g
              key={node.id}
              className={`sources-node sources-node--${node.kind}`}
              role="button"
              tabIndex={0}
              aria-label={name}
              onClick={() => open(node)}
              onKeyDown={(e) => onKeyDown(e, node)}
            >
              <title>{`${name} (Enter opens it in Read)`}</title>
              {shapeOf(node.kind, box)}
              <text className="sources-node-kind" x={box.x + inset} y={box.y + 22}>
                {clip(smallPrint(node), charsFor(node) + 8)}
              </text>
              <text className="sources-node-name" x={box.x + inset} y={box.y + 42}>
                {clip(node.kind === 'mention' ? `“${node.quote}”` : node.name, charsFor(node))}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="sources-legend" aria-label="Kinds of node">
        {(['mention', 'named', 'anonymous', 'outlet'] as const).map((kind) => (
          <li key={kind}>
            <svg viewBox="0 0 30 16" aria-hidden="true" className={`sources-node--${kind}`}>
              {shapeOf(kind, { x: 1, y: 1, width: 28, height: 14 })}
            </svg>
            {kind === 'named' ? 'Named source' : kindWord(kind)}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** The same chains as lists: a heading per outlet, each mention with its chains nested. */
function ChainList({ chains, graph, outletOf, onOpen }: PartProps & { chains: SourceChains[] }) {
  const headingId = useId();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nameOf = (id: string) => byId.get(id)?.name ?? 'an annotation';
  const outlets: Array<{ outlet: string; items: SourceChains[] }> = [];
  for (const item of chains) {
    const outlet = outletOf(item.mention.documentId);
    const group = outlets.find((g) => g.outlet === outlet);
    if (group) group.items.push(item);
    else outlets.push({ outlet, items: [item] });
  }

  return (
    <section className="sources-list" aria-labelledby={headingId}>
      <h3 id={headingId}>The chains as a list</h3>
      {outlets.map(({ outlet, items }) => (
        <section key={outlet} className="sources-outlet" aria-label={outlet}>
          <h4>{outlet}</h4>
          <ul>
            {items.map((item) => (
              <li key={item.mention.annotationId}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onOpen(item.mention.documentId, item.mention.annotationId)}
                >
                  “{clip(item.mention.quote, 120)}”
                </button>
                {item.mention.stance && <span className="muted"> ({item.mention.stance})</span>}
                {item.chains.length === 0 ? (
                  <p className="muted small">Attributed to no source.</p>
                ) : (
                  <ChainItems items={chainTree(item.chains)} byId={byId} outletOf={outletOf} onOpen={onOpen} />
                )}
                {item.cycles.map((id) => {
                  const words = cycleWords(item, id, nameOf);
                  return (
                    <p key={id} className="sources-note">
                      {words ? `A cycle: ${words}; cut here.` : `A cycle back to ${nameOf(id)}; cut here.`}
                    </p>
                  );
                })}
                {item.truncated && (
                  <p className="sources-note">Some chains were too long or too many to list, and were cut.</p>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

function ChainItems({
  items,
  byId,
  outletOf,
  onOpen,
}: {
  items: ChainTreeItem[];
  byId: Map<string, GraphNode>;
  outletOf: (documentId: string) => string;
  onOpen: (documentId: string, annotationId: string) => void;
}) {
  return (
    <ul>
      {items.map(({ step, children }) => {
        const node = byId.get(step.annotationId);
        const words = [step.stance, step.cue ? `“${step.cue}”` : null].filter(Boolean).join(', ');
        return (
          <li key={`${step.relation}-${step.annotationId}`}>
            <span className="sources-relation">{step.relation === 'attributed_to' ? 'attributed to' : 'cites'}</span>{' '}
            <button type="button" className="link-button" onClick={() => onOpen(step.documentId, step.annotationId)}>
              {step.entityName ?? clip(step.quote, 80)}
            </button>
            <span className="muted">
              {' '}
              ({node ? kindWord(node.kind).toLowerCase() : 'source'}
              {words ? `; ${words}` : ''}; in {outletOf(step.documentId)})
            </span>
            {children.length > 0 && <ChainItems items={children} byId={byId} outletOf={outletOf} onOpen={onOpen} />}
          </li>
        );
      })}
    </ul>
  );
}
