import {
  customer360Lineage,
  syntheticLineage,
} from '../../__testUtils__/fixtures';
import {
  buildLineageView,
  DEFAULT_NODE_LIMIT,
  edgeOrigins,
  mergeLineage,
  originOf,
} from './lineageView';

describe('buildLineageView', () => {
  it('shows a small graph whole, with edge styles and drift', () => {
    const view = buildLineageView(customer360Lineage);
    expect(view.total).toBe(7);
    expect(view.nodes).toHaveLength(7);
    expect(view.nodes.find(n => n.root)?.label).toBe('Customer 360');
    const style = (from: string) =>
      view.edges.find(e => e.from.includes(from))?.style;
    expect(style('customer-profiles')).toBe('both');
    expect(style('crm-service')).toBe('declared');
    expect(style('customer-360')).toBe('observed'); // root -> churn scores
    expect(style('web_sessions_raw')).toBe('drift');
    expect(style('campaign-engagement')).toBe('drift');
    expect(
      view.edges.find(e => e.from.includes('campaign-engagement'))?.drift,
    ).toBe('declared-unseen');
  });

  it('names the root after the entity when the graph gives it no title', () => {
    const graph = {
      ...customer360Lineage,
      nodes: customer360Lineage.nodes.map(n =>
        n.id === customer360Lineage.root ? { ...n, title: undefined } : n,
      ),
    };
    expect(buildLineageView(graph).nodes.find(n => n.root)?.label).toBe(
      'customer-360',
    );
    expect(
      buildLineageView(graph, { rootTitle: 'Customer 360' }).nodes.find(
        n => n.root,
      )?.label,
    ).toBe('Customer 360');
  });

  it('shows at most 50 nodes of a large graph, the closest first', () => {
    const graph = syntheticLineage(300, 600);
    expect(graph.nodes).toHaveLength(300);
    expect(graph.edges.length).toBeGreaterThanOrEqual(600);
    const view = buildLineageView(graph);
    expect(view.total).toBe(300);
    expect(view.nodes).toHaveLength(DEFAULT_NODE_LIMIT);
    const maxShown = Math.max(...view.nodes.map(n => Math.abs(n.node.depth)));
    const hiddenDepths = graph.nodes
      .filter(n => !view.nodes.some(v => v.id === n.id))
      .map(n => Math.abs(n.depth));
    expect(Math.min(...hiddenDepths)).toBeGreaterThanOrEqual(maxShown - 1);
    // Edges only between shown nodes.
    const shown = new Set(view.nodes.map(n => n.id));
    for (const e of view.edges) {
      expect(shown.has(e.from) && shown.has(e.to)).toBe(true);
    }
    expect(view.nodes.some(n => n.hidden > 0)).toBe(true);
  });

  it('reveals the neighbours of expanded nodes and everything with showAll', () => {
    const graph = syntheticLineage(300, 600);
    const first = buildLineageView(graph);
    const target = first.nodes.find(n => n.hidden > 0)!;
    const expanded = buildLineageView(graph, {
      expanded: new Set([target.id]),
    });
    expect(expanded.nodes.length).toBe(DEFAULT_NODE_LIMIT + target.hidden);
    expect(expanded.nodes.find(n => n.id === target.id)?.hidden).toBe(0);
    expect(buildLineageView(graph, { showAll: true }).nodes).toHaveLength(300);
  });

  it('marks products at the depth limit as frontier until loaded around', () => {
    const view = buildLineageView(customer360Lineage);
    const orders = view.nodes.find(n => n.id === 'dataproduct:default/orders')!;
    expect(orders.frontier).toBe(true);
    const crm = view.nodes.find(n => n.id.includes('crm-service'))!;
    expect(crm.frontier).toBe(false); // a source, not a product
    const loaded = buildLineageView(customer360Lineage, {
      loadedAround: new Set([orders.id]),
    });
    expect(loaded.nodes.find(n => n.id === orders.id)!.frontier).toBe(false);
  });
});

describe('mergeLineage', () => {
  it('adds the lineage around an expanded node with depths relative to it', () => {
    const merged = mergeLineage(customer360Lineage, {
      root: 'dataproduct:default/orders',
      direction: 'upstream',
      depth: 1,
      partial: false,
      nodes: [
        {
          id: 'dataproduct:default/orders',
          kind: 'product',
          entityRef: 'dataproduct:default/orders',
          depth: 0,
        },
        {
          id: 'component:default/order-service',
          kind: 'source',
          entityRef: 'component:default/order-service',
          depth: -1,
        },
      ],
      edges: [
        {
          source: 'component:default/order-service',
          target: 'dataproduct:default/orders',
          origin: 'declared',
          origins: ['declared'],
        },
      ],
      drift: {
        window: '30d',
        observedRunsInWindow: 0,
        observedUndeclared: [],
        declaredUnseen: [],
      },
    });
    expect(merged.root).toBe(customer360Lineage.root);
    expect(merged.nodes).toHaveLength(8);
    expect(
      merged.nodes.find(n => n.id === 'component:default/order-service')?.depth,
    ).toBe(-2);
    expect(merged.edges).toHaveLength(7);
  });
});

describe('edge origins', () => {
  it('draws an edge by what shows it: declared and observed, one of them, or only a job definition', () => {
    expect(originOf(['declared', 'observed'])).toBe('both');
    expect(originOf(['declared', 'observed', 'static'])).toBe('both');
    expect(originOf(['declared', 'static'])).toBe('declared');
    expect(originOf(['observed', 'static'])).toBe('observed');
    expect(originOf(['static'])).toBe('static');
  });

  it('reads origins from an answer that only gives origin', () => {
    const e = { source: 'a', target: 'b' };
    expect(edgeOrigins({ ...e, origin: 'both' } as any)).toEqual([
      'declared',
      'observed',
    ]);
    expect(edgeOrigins({ ...e, origin: 'static' } as any)).toEqual(['static']);
    expect(
      edgeOrigins({
        ...e,
        origin: 'observed',
        origins: ['observed', 'static'],
      }),
    ).toEqual(['observed', 'static']);
  });

  it('merges what two answers know of one edge', () => {
    const R = customer360Lineage.root;
    const FX = 'ol-dataset:postgres://wh/fx';
    const base = {
      ...customer360Lineage,
      nodes: [
        ...customer360Lineage.nodes,
        { id: FX, kind: 'dataset' as const, name: 'fx', depth: -1 },
      ],
      edges: [
        ...customer360Lineage.edges,
        {
          source: FX,
          target: R,
          origin: 'static' as const,
          origins: ['static' as const],
        },
      ],
    };
    const merged = mergeLineage(base, {
      ...base,
      edges: [
        { source: FX, target: R, origin: 'observed', origins: ['observed'] },
        {
          source: 'dataproduct:default/campaign-engagement',
          target: R,
          origin: 'observed',
          origins: ['observed'],
        },
      ],
    });
    const edge = (source: string) =>
      merged.edges.find(e => e.source === source && e.target === R);
    expect(edge(FX)).toMatchObject({
      origin: 'observed',
      origins: ['observed', 'static'],
    });
    expect(edge('dataproduct:default/campaign-engagement')).toMatchObject({
      origin: 'both',
      origins: ['declared', 'observed'],
    });
  });
});
