import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graph-builder.js';
import { parseGraph, graphToJSON } from './serialize.js';

describe('GraphBuilder scaling', () => {
  it('records the factors a conv claims and passes them through channel-keeping and joining ops', () => {
    const g = new GraphBuilder('t');
    const x = g.input([8, 8, 3]);
    const a = g.scale(g.conv2d(x, { filters: 4, kernelSize: 1 }, 'a'), 'alpha');
    const b = g.scale(g.conv2d(x, { filters: 6, kernelSize: 1 }, 'b'), 'alpha', ['beta']);
    const fixed = g.conv2d(x, { filters: 5, kernelSize: 1 }, 'fixed');
    const dw = g.depthwiseConv2d(g.relu(b, 'b_relu'), { kernelSize: 3, padding: 'same' }, 'dw');
    const joined = g.concat([a, dw, fixed], -1, 'joined');
    const graph = g.build([joined]);
    expect(graph.scaling).toEqual({ a: ['alpha'], b: ['alpha', 'beta'], b_relu: ['alpha', 'beta'], dw: ['alpha', 'beta'], joined: ['alpha', 'beta'] });
    expect(g.widthFactors(fixed)).toEqual([]);
    expect(parseGraph(graphToJSON(graph))).toEqual(JSON.parse(graphToJSON(graph)));
  });

  it('rejects a scaling entry naming a layer the graph lacks', () => {
    const g = new GraphBuilder('t');
    const graph = g.build([g.scale(g.conv2d(g.input([4, 4, 1]), { filters: 2, kernelSize: 1 }, 'c'), 'alpha')]);
    expect(() => parseGraph({ ...JSON.parse(graphToJSON(graph)), scaling: { nope: ['alpha'] } })).toThrow('scaling names layer "nope"');
  });
});
