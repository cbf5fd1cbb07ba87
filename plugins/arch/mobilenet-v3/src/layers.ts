import type { GraphBuilder } from '@cnn-analyzer/arch-spec';
import type { Bottleneck } from './factors.js';

/** Apply a bottleneck's activation as one op. */
export function activate(g: GraphBuilder, x: string, act: Bottleneck['act'], name: string): string {
  if (act === 'relu') return g.relu(x, name);
  if (act === 'relu6') return g.relu6(x, name);
  return g.hardSwish(x, name);
}

/** Keras' `correct_pad` for a k×k stride-2 window: zero padding making "valid" match TF "same". */
export function correctPad(size: number, kernel: number): [number, number] {
  const adjust = 1 - (size % 2);
  const half = Math.floor(kernel / 2);
  return [half - adjust, half];
}
