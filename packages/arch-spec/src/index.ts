export type { DType, Shape, TensorInfo } from './tensor.js';
export type { OpNode, AnyOpNode, LayerGraph } from './ir.js';
export { elementCount, dtypeBytes } from './tensor.js';
export type { OpAttrs, OpType } from './ops/attrs.js';
export type { OpDefinition, WeightSpec, WeightRole } from './ops/definition.js';
export { windowOutput } from './ops/definition.js';
export { OPS, OP_TYPES, isOpType, opDefinition } from './ops/registry.js';
export { broadcastShapes } from './ops/elementwise.js';
export { GraphBuilder } from './graph-builder.js';
export type { Conv2dOptions, DepthwiseConv2dOptions, PoolOptions } from './graph-builder.js';
export { validateGraph, topologicalOrder } from './validate.js';
export { graphToJSON, parseGraph } from './serialize.js';
export { defineArchitecture } from './define-architecture.js';
export type {
  AnyArchitecture,
  Architecture,
  ArchitectureConfig,
  BaseName,
  FactorInput,
  FactorRule,
  FactorSchema,
  HeaderFactors,
  ResolvedFactors,
} from './architecture.js';
export { encodeName, parseName, variationCode, formatFactorNumber } from './name-codec.js';
export type { ParsedName } from './name-codec.js';
export { describeFactors, toFlag } from './factor-info.js';
export type { FactorInfo } from './factor-info.js';
export { makeDivisible, scaleChannels } from './channels.js';
export { headerFactorSchemas, absoluteChannels } from './header-factors.js';
export { CnnAnalyzerError, FactorError, NameError, ShapeError, GraphError } from './errors.js';
export { mulberry32 } from './random.js';
export { prefixedNames } from './layer-names.js';
