/**
 * The Sources view's model ("Across the articles" issue): attribution chains become one graph
 * (a source reached twice is one node, typed by its entity), laid out in columns by depth with
 * no two nodes overlapping, and read back as a tree and, for cycles, in words.
 */
import { describe, expect, it } from 'vitest';
import type { SourceChainStep, SourceChains } from '../../common/domain.js';
import {
  DEFAULT_LAYOUT,
  buildGraph,
  chainTree,
  cycleWords,
  edgeWords,
  layoutGraph,
  nodeName,
  type Box,
} from '../../renderer/views/sources-graph.js';

function step(id: string, over: Partial<SourceChainStep> = {}): SourceChainStep {
  return {
    annotationId: id,
    documentId: 'doc-a',
    quote: id,
    entityId: null,
    entityName: null,
    relation: 'cites',
    stance: null,
    cue: null,
    ...over,
  };
}

function mention(id: string, documentId: string, chains: SourceChainStep[][], cycles: string[] = []): SourceChains {
  return {
    mention: { annotationId: id, documentId, quote: `quote ${id}`, stance: 'reported' },
    chains,
    cycles,
    truncated: false,
  };
}

const peskov = step('peskov', {
  entityId: 'e-peskov',
  entityName: 'Dmitry Peskov',
  relation: 'attributed_to',
  stance: 'denied',
  cue: 'dismissed',
});
const afp = step('afp', { entityId: 'e-afp', entityName: 'AFP', documentId: 'doc-b' });
const official = step('official', { quote: 'an official' });
const anonymous = step('anon', { quote: 'a military-diplomatic source', relation: 'attributed_to' });

const context = {
  outletOf: (id: string) => ({ 'doc-a': 'RT', 'doc-b': 'Arutz Sheva', 'doc-c': 'UPI' })[id] ?? id,
  entityTypeOf: (id: string) =>
    id === 'e-afp' ? ('outlet' as const) : id === 'e-peskov' ? ('person' as const) : undefined,
};

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the attribution graph', () => {
  const chains = [
    mention('m1', 'doc-a', [[peskov, afp, official], [anonymous]]),
    mention('m2', 'doc-b', [[{ ...afp, relation: 'attributed_to', stance: 'reported' }, official]]),
    mention('m3', 'doc-a', []),
  ];
  const graph = buildGraph(chains, context);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  it('has one node per annotation, typed by kind, in the column of its longest way there', () => {
    expect(graph.nodes.map((n) => [n.id, n.kind, n.column])).toEqual([
      ['m1', 'mention', 0],
      ['peskov', 'named', 1],
      ['afp', 'outlet', 2],
      ['official', 'anonymous', 3],
      ['anon', 'anonymous', 1],
      ['m2', 'mention', 0],
      ['m3', 'mention', 0],
    ]);
    expect(byId.get('afp')?.stances).toEqual(['reported']);
    expect(graph.edges).toHaveLength(5);
    expect(graph.edges.filter((e) => e.to === 'afp').map((e) => e.from)).toEqual(['peskov', 'm2']);
  });

  it('names nodes and edges in words', () => {
    expect(nodeName(byId.get('peskov')!, 'RT')).toBe('Source: Dmitry Peskov, denied, in RT');
    expect(nodeName(byId.get('anon')!, 'RT')).toBe('Anonymous source: a military-diplomatic source, in RT');
    expect(nodeName(byId.get('m1')!, 'RT')).toBe('Claim mention in RT: “quote m1”, reported');
    expect(edgeWords({ relation: 'attributed_to', stance: 'denied', cue: 'dismissed' })).toBe('denied (dismissed)');
    expect(edgeWords({ relation: 'attributed_to', stance: null, cue: 'told' })).toBe('told');
    expect(edgeWords({ relation: 'cites', stance: null, cue: null })).toBe('cites');
  });

  it('lays nodes out in depth columns, mentions grouped by outlet, with no overlaps', () => {
    const layout = layoutGraph(graph.nodes, graph.edges);
    const { nodeWidth, columnGap, margin } = DEFAULT_LAYOUT;
    for (const node of graph.nodes) {
      expect(layout.boxes.get(node.id)?.x).toBe(margin + node.column * (nodeWidth + columnGap));
    }
    const boxes = [...layout.boxes.values()];
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
    for (const box of boxes) {
      expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
      expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
    }
    // RT's two mentions together under its heading, then Arutz Sheva's.
    expect(layout.groups.map((g) => g.name)).toEqual(['RT', 'Arutz Sheva']);
    const y = (id: string) => layout.boxes.get(id)!.y;
    expect(y('m1')).toBeLessThan(y('m3'));
    expect(y('m3')).toBeLessThan(y('m2'));
    expect(layout.groups[1]!.y).toBeGreaterThan(y('m3'));
    expect(layout.groups[1]!.y).toBeLessThan(y('m2'));
    // A chain reads straight across: a single child sits level with its parent when there is room.
    expect(y('peskov')).toBe(y('m1'));
  });

  it('keeps many nodes of one column apart, ordered by their parents', () => {
    const nodes = [
      { id: 'a', column: 0 },
      { id: 'b', column: 0 },
      ...Array.from({ length: 6 }, (_, i) => ({ id: `s${i}`, column: 1 })),
    ];
    const edges = [
      ...[0, 1, 2].map((i) => ({ from: 'b', to: `s${i}` })),
      ...[3, 4, 5].map((i) => ({ from: 'a', to: `s${i}` })),
    ];
    const layout = layoutGraph(nodes, edges);
    const column = [0, 1, 2, 3, 4, 5].map((i) => layout.boxes.get(`s${i}`)!);
    const sorted = [...column].sort((p, q) => p.y - q.y);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i]!.y).toBeGreaterThanOrEqual(sorted[i - 1]!.y + DEFAULT_LAYOUT.nodeHeight + DEFAULT_LAYOUT.rowGap);
    }
    // a's sources above b's.
    expect(Math.max(...[3, 4, 5].map((i) => column[i]!.y))).toBeLessThan(
      Math.min(...[0, 1, 2].map((i) => column[i]!.y)),
    );
  });

  it('lays out nothing as an empty drawing', () => {
    const layout = layoutGraph([], []);
    expect(layout.boxes.size).toBe(0);
    expect(layout.width).toBeGreaterThan(0);
  });
});

describe('the chains as a list', () => {
  it('shares the first steps of chains that start alike', () => {
    const tree = chainTree([[peskov, afp, official], [peskov, step('x')], [anonymous]]);
    expect(tree.map((i) => i.step.annotationId)).toEqual(['peskov', 'anon']);
    expect(tree[0]!.children.map((i) => i.step.annotationId)).toEqual(['afp', 'x']);
    expect(tree[0]!.children[0]!.children.map((i) => i.step.annotationId)).toEqual(['official']);
  });

  it('says a cycle in words, from where it was cut', () => {
    const chains = mention('m1', 'doc-a', [[peskov, afp, official]], ['afp']);
    const names: Record<string, string> = { peskov: 'Peskov', afp: 'AFP', official: 'an official' };
    expect(cycleWords(chains, 'afp', (id) => names[id] ?? id)).toBe('AFP cites an official cites AFP');
    expect(cycleWords(chains, 'nowhere', (id) => id)).toBeNull();
  });
});
