export { readWorkspace, checkWorkspace } from './check.js';
export type { WorkspacePackage, DependencyViolation } from './check.js';
export { LAYER_RULES, BROWSER_LAYERS, BROWSER_PACKAGES, NODE_GLOBALS } from './rules.js';
export { findModuleCycles, sourceFolders } from './module-cycles.js';
export type { ModuleCycle } from './module-cycles.js';
export { checkBrowserPackages, browserPackages, browserEntry } from './node-builtins.js';
