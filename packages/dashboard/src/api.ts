import { DEFAULT_BUDGETS, type Budgets } from '@cnn-analyzer/device';
import { withChecks } from './checks.js';
import { scorecardData } from './scorecard-data.js';
import { SORTABLE, isSortKey, type SortKey, type StoreReads } from '@cnn-analyzer/model-db';

/** A JSON answer of the API: status and body. */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Bad input from a request: answered 400 with the parameter and value named. */
export class BadRequest extends Error {}

/** Budget parameters of the checks every row carries: flash and RAM bytes, MACs. */
const BUDGET_PARAMS = ['flash', 'ram', 'macs'] as const;
const LIST_PARAMS = ['architecture', 'device', 'maxFlash', 'maxRam', 'maxMacs', 'sort', 'desc', ...BUDGET_PARAMS] as const;
/** The budgets rows are checked against (bytes, bytes, MACs); the study's 250 KB / 250 KB / 60 M when left out. */
function budgetsOf(params: URLSearchParams): Budgets {
  return {
    flashBytes: whole(params, 'flash') ?? DEFAULT_BUDGETS.flashBytes,
    ramBytes: whole(params, 'ram') ?? DEFAULT_BUDGETS.ramBytes,
    macs: whole(params, 'macs') ?? DEFAULT_BUDGETS.macs,
  };
}

/** Architecture and board ids: letters, digits, `_ . -`. */
const NAME = /^[A-Za-z0-9_.-]{1,200}$/;
/** Recorded names: compound names, and imported files' names, which may hold spaces, brackets, `@` and more; no control characters. */
const RECORDED_NAME = /^[^\u0000-\u001f\u007f/]{1,300}$/;

function whole(params: URLSearchParams, key: string): number | undefined {
  const raw = params.get(key);
  if (raw === null) return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw new BadRequest(`${key}: ${JSON.stringify(raw)} is not a whole number`);
  return Number(raw);
}

function checkParams(params: URLSearchParams, allowed: readonly string[]): void {
  for (const key of params.keys()) {
    if (!allowed.includes(key)) throw new BadRequest(`${key}: unknown query parameter (allowed: ${allowed.join(', ') || 'none'})`);
    if (params.getAll(key).length > 1) throw new BadRequest(`${key}: given more than once`);
  }
}

/** Variations with totals, filtered by architecture and constraints (bytes, MACs), sorted by any metric. */
async function variations(db: StoreReads, params: URLSearchParams): Promise<unknown> {
  checkParams(params, LIST_PARAMS);
  const architecture = params.get('architecture') ?? undefined;
  if (architecture !== undefined && !NAME.test(architecture)) throw new BadRequest(`architecture: ${JSON.stringify(architecture)} is not an architecture id`);
  const device = params.get('device') ?? undefined;
  if (device !== undefined && !NAME.test(device)) throw new BadRequest(`device: ${JSON.stringify(device)} is not a board id`);
  const sort = params.get('sort') ?? 'name';
  if (sort === 'latencyMs' && !device) throw new BadRequest('sort: latencyMs needs device');
  if (!isSortKey(sort)) throw new BadRequest(`sort: ${JSON.stringify(sort)} is not one of ${Object.keys(SORTABLE).join(', ')}`);
  const desc = params.get('desc');
  if (desc !== null && desc !== '0' && desc !== '1') throw new BadRequest(`desc: ${JSON.stringify(desc)} is not 0 or 1`);
  const maxFlashBytes = whole(params, 'maxFlash');
  const maxRamBytes = whole(params, 'maxRam');
  const maxMacs = whole(params, 'maxMacs');
  const budgets = budgetsOf(params);
  return (await db.listVariations({
    ...(architecture ? { architecture } : {}),
    ...(device ? { device } : {}),
    ...(maxFlashBytes !== undefined ? { maxFlashBytes } : {}),
    ...(maxRamBytes !== undefined ? { maxRamBytes } : {}),
    ...(maxMacs !== undefined ? { maxMacs } : {}),
    sort: sort as SortKey,
    descending: desc === '1',
  })).map((row) => withChecks(row, budgets));
}

/**
 * Answer one API path (`/api/...`) from the database (SQLite or PostgreSQL, through {@link StoreReads}); rejects with
 * {@link BadRequest} for malformed input.
 */
export async function answerApi(db: StoreReads, path: string, params: URLSearchParams): Promise<ApiResponse> {
  if (path === '/api/variations') return { status: 200, body: await variations(db, params) };
  if (path === '/api/architectures') return (checkParams(params, []), { status: 200, body: await db.recordedArchitectures() });
  if (path === '/api/devices') {
    checkParams(params, []);
    return { status: 200, body: await db.recordedDevices() };
  }
  if (path === '/api/sweeps') return (checkParams(params, []), { status: 200, body: await db.listSweeps() });
  const one = /^\/api\/variations\/([^/]+)$/.exec(path);
  if (one) {
    checkParams(params, BUDGET_PARAMS);
    const name = one[1]!;
    if (!RECORDED_NAME.test(name)) throw new BadRequest(`name: ${JSON.stringify(name)} is not a recorded name (1 to 300 characters, no control characters or /)`);
    const found = await scorecardData(db, name, budgetsOf(params));
    return found ? { status: 200, body: found } : { status: 404, body: { error: `variation ${JSON.stringify(name)} is not in the database` } };
  }
  if (path === '/api/searches') return (checkParams(params, []), { status: 200, body: await db.listSearches() });
  const search = /^\/api\/searches\/([^/]+)$/.exec(path);
  if (search) {
    checkParams(params, []);
    const id = search[1]!;
    if (!NAME.test(id)) throw new BadRequest(`id: ${JSON.stringify(id)} is not a search id`);
    const found = await db.getSearch(id);
    return found ? { status: 200, body: { ...found, evaluations: await db.searchEvaluations(id) } } : { status: 404, body: { error: `search ${JSON.stringify(id)} is not in the database` } };
  }
  return { status: 404, body: { error: `no API at ${path}` } };
}
