export { architectureConformance } from './architecture-conformance.js';
export type { ArchitectureConformanceOptions, ReferenceCase } from './architecture-conformance.js';
export { deviceConformance } from './device-conformance.js';
