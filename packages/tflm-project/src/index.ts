export { generateTflmProject } from './generate.js';
export type { TflmProjectInput } from './generate.js';
export { resolverLines, RESOLVER_METHODS } from './op-resolver.js';
