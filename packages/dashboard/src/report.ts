import type { StoreReads } from '@cnn-analyzer/model-db';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { assetText, SCRIPTS } from './assets.js';
import { scorecardData } from './scorecard-data.js';
import { DEFAULT_BUDGETS } from '@cnn-analyzer/device';

/** Budgets a scorecard checks: model size and peak memory in KB (1024 bytes), MACs in millions. */
export interface ScorecardConstraints {
  readonly flashKB: number;
  readonly ramKB: number;
  readonly macsM: number;
}

/** The study's default budgets (the device package's `DEFAULT_BUDGETS`: 250 KB flash, 250 KB RAM, 60 M MACs). */
export const DEFAULT_CONSTRAINTS: ScorecardConstraints = { flashKB: DEFAULT_BUDGETS.flashBytes / 1024, ramKB: DEFAULT_BUDGETS.ramBytes / 1024, macsM: DEFAULT_BUDGETS.macs / 1e6 };

/** JSON safe inside a <script> element: no `<`, `>`, `&` or line separators can end or confuse it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Inline script text; a literal `</script` (or `<!--`, which changes how the element ends) in an asset is refused. */
function inline(path: (typeof SCRIPTS)[number]): string {
  const text = assetText(path);
  if (/<\/script|<!--/i.test(text)) throw new Error(`${path} contains "</script" or "<!--" and cannot be inlined`);
  return text;
}

/**
 * One self-contained HTML scorecard page of a variation: styles, scripts and data inline, nothing fetched,
 * so the file can be mailed or archived and opens offline.
 */
export async function renderReport(db: StoreReads, name: string, constraints: ScorecardConstraints = DEFAULT_CONSTRAINTS): Promise<string> {
  const found = await scorecardData(db, name, { flashBytes: constraints.flashKB * 1024, ramBytes: constraints.ramKB * 1024, macs: constraints.macsM * 1e6 });
  if (!found) throw new CnnAnalyzerError(`report: ${JSON.stringify(name)} is not in the database (analyze it first)`, 'name', name);
  const title = `${name} — CNN Analyzer scorecard`.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="CNN Analyzer">
<title>${title}</title>
<style>
${assetText('/app.css')}
</style>
</head>
<body>
<header><h1>CNN Analyzer</h1><span class="tagline">scorecard, generated ${new Date().toISOString().slice(0, 10)}</span></header>
<main id="app" data-ready="false"></main>
<script>window.CNN_REPORT = ${scriptJson({ detail: found, constraints })};</script>
${SCRIPTS.map((path) => `<script>\n${inline(path)}\n</script>`).join('\n')}
</body>
</html>
`;
}
