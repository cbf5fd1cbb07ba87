export { architectureConformance } from './architecture-conformance.js';
export type { ArchitectureConformanceOptions, ReferenceCase } from './architecture-conformance.js';
export { deviceConformance } from './device-conformance.js';
export { checkScaling } from './scaling-check.js';
export type { ScalingMismatch } from './scaling-check.js';
