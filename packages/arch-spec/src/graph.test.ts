import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graph-builder.js';
import { validateGraph, topologicalOrder } from './validate.js';
import { graphToJSON, parseGraph } from './serialize.js';
import { GraphError } from './errors.js';
import type { LayerGraph } from './ir.js';

function residual(): LayerGraph {
  const b = new GraphBuilder('res');
  const x = b.input([8, 8, 4]);
  const y = b.relu(b.batchNorm(b.conv2d(x, { filters: 4, kernelSize: 3, padding: 'same' }, 'c')));
  return b.build([b.softmax(b.dense(b.globalAveragePool(b.add([x, y])), 3))]);
}

describe('layer graphs', () => {
  it('round-trips through JSON exactly', () => {
    const g = residual();
    const back = parseGraph(graphToJSON(g));
    expect(back).toEqual(JSON.parse(JSON.stringify(g)));
  });

  it('gives a topological order and detects a cycle', () => {
    const g = residual();
    expect(topologicalOrder(g)).toHaveLength(g.nodes.length);
    const plain = JSON.parse(graphToJSON(g)) as { nodes: { name: string; inputs: string[] }[] };
    plain.nodes[0]!.inputs = ['re_lu']; // conv now consumes its own descendant
    expect(() => topologicalOrder(plain as unknown as LayerGraph)).toThrow(/cycle through layer/);
    expect(() => parseGraph(plain)).toThrow(/"re_lu" is used before the layer that produces it/);
  });

  it('rejects a recorded shape that breaks the shape rule, naming the tensor', () => {
    const plain = JSON.parse(graphToJSON(residual()));
    plain.tensors.c.shape = [8, 8, 5];
    expect(() => parseGraph(plain)).toThrow(GraphError);
    expect(() => parseGraph(plain)).toThrow('tensor "c" is recorded as [8,8,5] but the shape rule gives [8,8,4]');
  });

  it('rejects malformed JSON with the path of the problem', () => {
    expect(() => parseGraph('{')).toThrow(/graph JSON/);
    const plain = JSON.parse(graphToJSON(residual()));
    plain.nodes[0].outputs = [];
    expect(() => parseGraph(plain)).toThrow(/nodes\.0\.outputs/);
    const unknownOp = JSON.parse(graphToJSON(residual()));
    unknownOp.nodes[0].op = 'lstm';
    expect(() => validateGraph(unknownOp)).toThrow('res: layer "c": unknown op "lstm"');
  });

  it('rejects duplicate layer names and unknown tensors while building', () => {
    const b = new GraphBuilder('dup');
    const x = b.input([4, 4, 1]);
    b.relu(x, 'r');
    expect(() => b.relu(x, 'r')).toThrow('dup: the name "r" is used twice');
    expect(() => b.relu('nope')).toThrow('dup: unknown tensor "nope"');
  });

  it('names layers like Keras when no name is given', () => {
    const b = new GraphBuilder('k');
    const x = b.input([4, 4, 2]);
    const a = b.conv2d(x, { filters: 2, kernelSize: 1 });
    const c = b.conv2d(a, { filters: 2, kernelSize: 1 });
    expect([a, c]).toEqual(['conv2d', 'conv2d_1']);
  });

  it('gives a graph that validateGraph accepts, frozen all the way down', () => {
    const b = new GraphBuilder('deep');
    const x = b.input([8, 8, 4]);
    const [l, r] = b.channelSplit(b.conv2d(x, { filters: 4, kernelSize: [3, 1], padding: 'same' }, 'c'), 2, 's');
    const y = b.zeroPadding(b.maxPool(l!, { poolSize: 2 }), [[1, 0], [0, 1]]);
    const g = b.build([b.reshape(b.concat([b.relu(y), b.zeroPadding(b.maxPool(r!, { poolSize: 2 }), [[1, 0], [0, 1]])], -1, 'j'), [-1])]);
    expect(() => validateGraph(g)).not.toThrow();
    const unfrozen: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (v === null || typeof v !== 'object') return;
      if (!Object.isFrozen(v)) unfrozen.push(path);
      for (const [k, c] of Object.entries(v)) walk(c, `${path}.${k}`);
    };
    walk(g, 'graph');
    expect(unfrozen).toEqual([]);
  });

  it('rejects a layer whose outputs would reuse a tensor name', () => {
    const b = new GraphBuilder('dup');
    const x = b.input([4, 4, 2]);
    b.relu(x, 's:1');
    expect(() => b.channelSplit(x, 2, 's')).toThrow('dup: the name "s:1" is used twice');
  });
});
