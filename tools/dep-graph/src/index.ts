export { readWorkspace, checkWorkspace } from './check.js';
export type { WorkspacePackage, DependencyViolation } from './check.js';
export { LAYER_RULES } from './rules.js';
export { findModuleCycles, sourceFolders } from './module-cycles.js';
export type { ModuleCycle } from './module-cycles.js';
