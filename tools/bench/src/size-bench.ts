import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseName, type AnyArchitecture, type Architecture } from '@cnn-analyzer/arch-spec';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import { deployGraph } from '@cnn-analyzer/deployed-graph';
import { modelFileSize, standInModelBytes } from '@cnn-analyzer/exporter';
import { analyze } from '@cnn-analyzer/analysis';
import { evaluateVariation, optimize, type Evaluation } from '@cnn-analyzer/optimizer';
import { parseAxes, runSweep } from '@cnn-analyzer/cli';
import { stm32f746gDisco } from '@cnn-analyzer/device-stm32f746g-disco';
import { opsPerSecond, type BenchResult } from './measure.js';

const PLUGINS = [mobilenetV1, mobilenetV2, mobilenetV3, shufflenetV1, shufflenetV2] as unknown as Architecture[];
const STUDY = { maxFlashBytes: 250 * 1024, maxRamBytes: 250 * 1024, maxMacs: 60e6 };
/** The study-size sweep: 8 widths × 5 loop lengths × 10 class counts = 400 MobileNet v1 variations at 96×96. */
const GRID = ['--alpha', '0.1..0.45:0.05', '--loop-length', '1..5', '--classes', '2..11'];

/** The variations an `optimize` run evaluates per architecture at the study budgets (its factor sets, in order). */
async function searchedVariations(): Promise<{ arch: Architecture; factors: Record<string, unknown> }[]> {
  const out: { arch: Architecture; factors: Record<string, unknown> }[] = [];
  for (const arch of PLUGINS) {
    const seen = new Map<string, Evaluation>();
    await optimize(arch, {
      constraints: STUDY,
      ...(arch.name === 'mobilenet-v3' ? { fixed: { squeeze: false } } : {}),
      store: { get: (n) => seen.get(n), put: (e) => void seen.set(e.name, e) },
    });
    for (const e of seen.values()) out.push({ arch, factors: { ...e.factors } });
  }
  return out;
}

/**
 * The exact model size from the deployed graph against the stand-in writer it replaced; the optimizer's evaluations
 * (plugin build + the figures a fit needs) against the whole analysis report; a study-size sweep with exact size, arena and latency on two workers.
 */
export async function sizeBench(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  const graphs = PLUGINS.flatMap((p) => p.examples ?? []).map((name) => {
    const parsed = parseName(name, PLUGINS);
    return parsed.architecture.create(parsed.factors as Record<string, unknown>).graph;
  });
  const deployed = graphs.map((g) => deployGraph(g));
  const layout = (): void => graphs.forEach((g, i) => modelFileSize(g, deployed[i]!));
  const written = (): void => graphs.forEach((g, i) => standInModelBytes(g, deployed[i]!));
  // ABBA, so neither gains from running first on a busy machine
  const [s1, w1, w2, s2] = [opsPerSecond(layout, 1000), opsPerSecond(written, 1000), opsPerSecond(written, 1000), opsPerSecond(layout, 1000)];
  const arithmetic = ((s1 + s2) / 2) * graphs.length;
  const standIn = ((w1 + w2) / 2) * graphs.length;
  rows.push({ bench: 'size', figure: `exact model size + breakdown, ${graphs.length} example variations`, value: arithmetic, unit: 'models/s', note: `${(arithmetic / standIn).toFixed(0)}× the stand-in writer (${Math.round(standIn)}/s), ${(1000 / arithmetic).toFixed(3)} ms each` });

  const searched = await searchedVariations();
  // the search's evaluation (figures only) against the whole report it computed before (`analyze`), ABBA
  const evaluate = (full: boolean) => (): void => {
    for (const { arch, factors } of searched) {
      if (!full) {
        evaluateVariation(arch, factors, STUDY);
        continue;
      }
      const c = arch.create(factors);
      analyze({ name: c.name, architecture: arch.name, factors: c.factors, graph: c.graph, source: 'plugin' });
    }
  };
  const a1 = opsPerSecond(evaluate(false), 1500);
  const b1 = opsPerSecond(evaluate(true), 1500);
  const b2 = opsPerSecond(evaluate(true), 1500);
  const a2 = opsPerSecond(evaluate(false), 1500);
  const after = ((a1 + a2) / 2) * searched.length;
  const before = ((b1 + b2) / 2) * searched.length;
  rows.push({ bench: 'size', figure: `optimizer evaluations (${searched.length} searched variations, 5 architectures)`, value: after, unit: 'evaluations/s', note: `${(after / before).toFixed(2)}× the whole analysis report per variation (${before.toFixed(1)}/s); goal ≥ 1,000/s` });

  const dir = mkdtempSync(join(tmpdir(), 'size-bench-'));
  try {
    const arch: AnyArchitecture = mobilenetV1;
    const definition = { architecture: arch, axes: parseAxes(arch, GRID), constraints: { maxFlashBytes: 250 * 1024, maxRamBytes: 250 * 1024 }, target: { device: stm32f746gDisco.name } };
    const t = performance.now();
    const s = await runSweep(definition, { dbPath: join(dir, 'sweep.db'), workers: 2 });
    const ms = performance.now() - t;
    rows.push({ bench: 'size', figure: `study-size sweep: ${s.total} variations, exact size, arena, latency, 2 workers`, value: ms / 1000, unit: 's', note: `goal < 5 s; ${(s.total / (ms / 1000)).toFixed(0)} variations/s, ${s.progress.error} errors` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
