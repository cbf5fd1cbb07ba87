export type {
  TfliteBuiltin,
  FusedActivation,
  KernelClass,
  ConstantRole,
  QuantRule,
  DeployedTensor,
  WeightSource,
  Window,
  DeployedOp,
  DeployedGraph,
  DeployOptions,
} from './types.js';
export { deployGraph } from './deploy-graph.js';
export { LOWERINGS } from './lowerings.js';
export type { OpLowering, LoweringContext, LoweredOp } from './lowerings.js';
export { bufferOf, activationTensors, inOrder } from './queries.js';
