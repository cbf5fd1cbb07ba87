export { startDashboard } from './server.js';
export type { DashboardOptions, DashboardServer } from './server.js';
export { renderReport, DEFAULT_CONSTRAINTS } from './report.js';
export type { ScorecardConstraints } from './report.js';
export { answerApi, BadRequest } from './api.js';
export type { ApiResponse } from './api.js';
export { withChecks } from './checks.js';
export type { CheckedRow } from './checks.js';
