/**
 * The Sources view's model, pure: the attribution chains of a claim's mentions (`sources.chains`)
 * turned into one graph (claim mentions, the sources they are attributed to, the sources those
 * cite), its layered layout, the words that name each node and edge, and the chains as a tree
 * for the list alternative.
 *
 * The chains are shallow trees (an outlet citing an agency citing an official), so a layered
 * layout computed by hand is enough: mentions in the first column grouped by outlet, each source
 * in the column of its depth, rows ordered by their parents. A general graph (long cycles,
 * hundreds of crossings) would call for a graph layout library instead.
 */
import type { EntityType, SourceChainStep, SourceChains } from '../../common/domain.js';

export type NodeKind = 'mention' | 'named' | 'anonymous' | 'outlet';

export interface GraphNode {
  /** The annotation's id: a source reached by several chains is one node. */
  id: string;
  kind: NodeKind;
  documentId: string;
  /** 0 for claim mentions, then the number of steps from the mention (the longest way there). */
  column: number;
  /** Claim mentions: the outlet (or title) of their document, which groups them. */
  group: string | null;
  /** The entity's name, else the quote. */
  name: string;
  quote: string;
  /** The mention's own stance, or the stances sources are given by the edges into them. */
  stances: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  relation: 'attributed_to' | 'cites';
  stance: string | null;
  cue: string | null;
}

export interface SourceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphContext {
  /** The outlet a document is from (its title when it has none). */
  outletOf: (documentId: string) => string;
  /** The type of an entity, when known. */
  entityTypeOf: (entityId: string) => EntityType | undefined;
}

/** An entity of these types speaks as an outlet or agency (AFP, Reuters, a ministry). */
const OUTLET_TYPES: ReadonlySet<EntityType> = new Set(['outlet', 'organization']);

function kindOf(step: SourceChainStep, context: GraphContext): NodeKind {
  if (step.entityId === null) return 'anonymous';
  const type = context.entityTypeOf(step.entityId);
  return type && OUTLET_TYPES.has(type) ? 'outlet' : 'named';
}

/** Stance and cue in a few words: "denied (dismissed)", "denied", "cites". */
export function edgeWords(edge: Pick<GraphEdge, 'relation' | 'stance' | 'cue'>): string {
  const { stance, cue } = edge;
  if (stance && cue) return `${stance} (${cue})`;
  if (stance || cue) return (stance || cue) as string;
  return edge.relation === 'cites' ? 'cites' : '';
}

/** One graph from every mention's chains; sources reached more than once are one node. */
export function buildGraph(all: readonly SourceChains[], context: GraphContext): SourceGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const { mention, chains } of all) {
    if (!nodes.has(mention.annotationId)) {
      nodes.set(mention.annotationId, {
        id: mention.annotationId,
        kind: 'mention',
        documentId: mention.documentId,
        column: 0,
        group: context.outletOf(mention.documentId),
        name: mention.quote,
        quote: mention.quote,
        stances: mention.stance ? [mention.stance] : [],
      });
    }
    for (const chain of chains) {
      let from = mention.annotationId;
      chain.forEach((step, index) => {
        let node = nodes.get(step.annotationId);
        if (!node) {
          node = {
            id: step.annotationId,
            kind: kindOf(step, context),
            documentId: step.documentId,
            column: index + 1,
            group: null,
            name: step.entityName ?? step.quote,
            quote: step.quote,
            stances: [],
          };
          nodes.set(step.annotationId, node);
        }
        // The longest way there, so every edge goes to the right (a mention stays in column 0).
        if (node.kind !== 'mention') node.column = Math.max(node.column, index + 1);
        const key = `${from}\u0000${step.annotationId}\u0000${step.relation}`;
        if (!edges.has(key)) {
          edges.set(key, { from, to: step.annotationId, relation: step.relation, stance: step.stance, cue: step.cue });
          if (step.stance && !node.stances.includes(step.stance)) node.stances.push(step.stance);
        }
        from = step.annotationId;
      });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const KIND_WORDS: Record<NodeKind, string> = {
  mention: 'Claim mention',
  named: 'Source',
  anonymous: 'Anonymous source',
  outlet: 'Outlet or agency',
};

/** The kind in a word or two, as the graph's legend and the node's small print show it. */
export function kindWord(kind: NodeKind): string {
  return KIND_WORDS[kind];
}

/** A node's accessible name: "Source: Dmitry Peskov, denied, in RT". */
export function nodeName(node: GraphNode, outlet: string): string {
  const stances = node.stances.length ? `, ${node.stances.join(' and ')}` : '';
  if (node.kind === 'mention') return `${KIND_WORDS.mention} in ${outlet}: “${node.quote}”${stances}`;
  return `${KIND_WORDS[node.kind]}: ${node.name}${stances}, in ${outlet}`;
}

// ---------------------------------------------------------------------------------------------
// Layout

export interface LayoutInput {
  id: string;
  column: number;
  /** Column-0 nodes sharing a group are stacked together under its heading. */
  group?: string | null;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** Horizontal space between columns (where edge labels go). */
  columnGap: number;
  /** Vertical space between nodes of a column. */
  rowGap: number;
  /** Height of a group's heading above its first node (column 0). */
  groupHeader: number;
  /** Extra space between two groups. */
  groupGap: number;
  /** Margin around the drawing. */
  margin: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = {
  nodeWidth: 250,
  nodeHeight: 58,
  columnGap: 140,
  rowGap: 18,
  groupHeader: 28,
  groupGap: 14,
  margin: 12,
};

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  boxes: Map<string, Box>;
  /** The group headings of column 0, at the top of their first node's space. */
  groups: Array<{ name: string; x: number; y: number }>;
  width: number;
  height: number;
}

/**
 * Places nodes in columns by depth: column 0 in input order, grouped (each group's nodes
 * together, groups in order of first appearance, a heading above each); every further column
 * ordered by the mean position of the nodes leading to it (so chains read straight across), each
 * node as near its parents' middle as the nodes above it allow. Nodes never overlap.
 */
export function layoutGraph(
  nodes: readonly LayoutInput[],
  edges: ReadonlyArray<{ from: string; to: string }>,
  options: LayoutOptions = DEFAULT_LAYOUT,
): Layout {
  const { nodeWidth, nodeHeight, columnGap, rowGap, groupHeader, groupGap, margin } = options;
  const boxes = new Map<string, Box>();
  const groups: Layout['groups'] = [];
  const columns: LayoutInput[][] = [];
  for (const node of nodes) (columns[node.column] ??= []).push(node);
  const parents = new Map<string, string[]>();
  for (const edge of edges) {
    const list = parents.get(edge.to) ?? [];
    list.push(edge.from);
    parents.set(edge.to, list);
  }
  const xOf = (column: number) => margin + column * (nodeWidth + columnGap);
  let bottom = margin;

  // Column 0: grouped, in order of each group's first node.
  const first = columns[0] ?? [];
  const order: Array<string | null> = [];
  for (const node of first) if (!order.includes(node.group ?? null)) order.push(node.group ?? null);
  let y = margin;
  order.forEach((group, index) => {
    if (index > 0) y += groupGap;
    if (group !== null) {
      groups.push({ name: group, x: xOf(0), y });
      y += groupHeader;
    }
    for (const node of first.filter((n) => (n.group ?? null) === group)) {
      boxes.set(node.id, { x: xOf(0), y, width: nodeWidth, height: nodeHeight });
      y += nodeHeight + rowGap;
    }
  });
  bottom = Math.max(bottom, y - rowGap);

  // Further columns: by the parents' mean centre, then each as near it as room allows.
  for (let column = 1; column < columns.length; column++) {
    const list = columns[column] ?? [];
    const wanted = new Map<string, number>();
    list.forEach((node, index) => {
      const centres = (parents.get(node.id) ?? [])
        .map((id) => boxes.get(id))
        .filter((box): box is Box => box !== undefined)
        .map((box) => box.y + box.height / 2);
      wanted.set(
        node.id,
        centres.length
          ? centres.reduce((a, b) => a + b, 0) / centres.length - nodeHeight / 2
          : margin + index * (nodeHeight + rowGap),
      );
    });
    const sorted = list
      .map((node, index) => ({ node, index }))
      .sort((a, b) => (wanted.get(a.node.id) as number) - (wanted.get(b.node.id) as number) || a.index - b.index);
    let next = margin;
    for (const { node } of sorted) {
      const top = Math.max(next, wanted.get(node.id) as number);
      boxes.set(node.id, { x: xOf(column), y: top, width: nodeWidth, height: nodeHeight });
      next = top + nodeHeight + rowGap;
      bottom = Math.max(bottom, top + nodeHeight);
    }
  }

  const used = Math.max(1, columns.length);
  return {
    boxes,
    groups,
    width: margin * 2 + used * nodeWidth + (used - 1) * columnGap,
    height: bottom + margin,
  };
}

// ---------------------------------------------------------------------------------------------
// The list alternative

export interface ChainTreeItem {
  step: SourceChainStep;
  children: ChainTreeItem[];
}

/** One mention's chains as a tree: chains sharing their first steps share those items. */
export function chainTree(chains: readonly SourceChainStep[][]): ChainTreeItem[] {
  const roots: ChainTreeItem[] = [];
  for (const chain of chains) {
    let level = roots;
    for (const step of chain) {
      let item = level.find((i) => i.step.annotationId === step.annotationId && i.step.relation === step.relation);
      if (!item) {
        item = { step, children: [] };
        level.push(item);
      }
      level = item.children;
    }
  }
  return roots;
}

/**
 * The cycle at `annotationId` in words: "A cites B cites A". The chain that holds the
 * annotation with the fewest steps after it is read from there to its end, whose last source is
 * the one that led back (the walk cut the path there). Null when no chain holds it.
 */
export function cycleWords(chains: SourceChains, annotationId: string, nameOf: (id: string) => string): string | null {
  let best: string[] | null = null;
  for (const chain of chains.chains) {
    const ids = [chains.mention.annotationId, ...chain.map((s) => s.annotationId)];
    const at = ids.indexOf(annotationId);
    if (at < 0) continue;
    const loop = ids.slice(at);
    if (loop.length < 2) continue;
    if (!best || loop.length < best.length) best = loop;
  }
  if (!best) return null;
  return [...best, annotationId].map(nameOf).join(' cites ');
}
