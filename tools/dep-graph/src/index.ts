export { readWorkspace, checkWorkspace } from './check.js';
export type { WorkspacePackage, DependencyViolation } from './check.js';
export { LAYER_RULES } from './rules.js';
