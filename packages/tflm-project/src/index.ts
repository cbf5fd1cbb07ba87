export { generateTflmProject, projectKind } from './generate.js';
export type { ProjectKind } from './generate.js';
export type { TflmProjectInput } from './project-input.js';
export { resolverLines, RESOLVER_METHODS } from './op-resolver.js';
