export { generateTflmProject, projectKind } from './generate.js';
export type { ProjectKind, TflmProjectInput } from './generate.js';
export { resolverLines, RESOLVER_METHODS } from './op-resolver.js';
