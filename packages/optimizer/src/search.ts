import { encodeName, type Architecture } from '@cnn-analyzer/arch-spec';
import type { Device } from '@cnn-analyzer/device';
import type { AnalysisReport } from '@cnn-analyzer/analysis';
import { evaluateVariation, type ConstraintMetric, type Evaluation, type EvaluationStore, type LayerFigures, type SearchConstraints, type Violation } from './evaluate.js';
import { alphaValues, cutFactors, onGrid, type CutFactor } from './space.js';
import { candidateOf, paretoFront, type Candidate } from './pareto.js';
import type { HeldBy, TrailStep } from './trail.js';
import { mulberry32 } from './random.js';

/** What to search and under which limits. */
export interface SearchOptions {
  readonly constraints: SearchConstraints;
  readonly device?: Device;
  readonly runtime?: string;
  /** Factors the search leaves alone (resolution, classes, `squeeze: false`…). */
  readonly fixed?: Readonly<Record<string, unknown>>;
  /**
   * How much the search may spend: distinct variations evaluated, or wall-clock seconds. What the five steps leave
   * goes to seeded exploration near the best. @default no limit and no exploration
   */
  readonly budget?: { readonly evaluations?: number; readonly seconds?: number };
  /** Seed of the exploration. @default 1 */
  readonly seed?: number;
  /** Evaluations kept between runs: a resumed search reads them instead of analyzing again. */
  readonly store?: EvaluationStore;
  /** Observer: each trail step as it happens, and how many variations were evaluated so far. */
  readonly onStep?: (step: TrailStep, evaluated: number) => void;
  /**
   * Evaluates batches of variations, e.g. on worker threads (see {@link VariationEvaluator}). The search hands it
   * what it can evaluate at once (the exploration's candidates, an enum factor's values), so the result is the same
   * whatever evaluates them. @default in this thread, one after another
   */
  readonly evaluator?: VariationEvaluator;
}

/** One evaluated variation and its full analysis report (computed when called, or already computed elsewhere). */
export interface EvaluatedVariation {
  readonly evaluation: Evaluation;
  readonly report: () => AnalysisReport;
}

/**
 * Evaluates factor sets against the search's constraints and target, in any order or concurrently; each answer is
 * in the place of its factor set, `undefined` where the plugin rejects the factors.
 */
export type VariationEvaluator = (factorSets: readonly Record<string, unknown>[]) => Promise<readonly (EvaluatedVariation | undefined)[]>;

/** The search's answer. */
export interface SearchResult {
  readonly architecture: string;
  readonly constraints: SearchConstraints;
  /** The best variation per objective: largest α (then most params), most params, lowest latency (with a board). */
  readonly best: { readonly alpha?: Candidate; readonly params?: Candidate; readonly latency?: Candidate };
  /** Within the constraints and not beaten on α, params and latency at once. */
  readonly pareto: readonly Candidate[];
  readonly trail: readonly TrailStep[];
  /** Distinct variations evaluated (read back from the store or analyzed). */
  readonly evaluated: number;
  /** Of those, analyzed in this run. */
  readonly analyzed: number;
  /** False when the budget ran out before the five steps finished. */
  readonly complete: boolean;
}

class BudgetExhausted extends Error {}

const METRIC_OF_LAYER: Record<ConstraintMetric, keyof Pick<LayerFigures, 'params' | 'macs' | 'ramBytes' | 'latencyMs'>> = {
  flash: 'params',
  macs: 'macs',
  ram: 'ramBytes',
  latency: 'latencyMs',
};
const MAX_CUTS = 24;
/** Most exploration candidates drawn and evaluated at once. */
const EXPLORE_BATCH = 256;
/** Draws in a row without a new variation after which the exploration ends. */
const EXPLORE_PATIENCE = 2000;

interface Fit {
  readonly ok: boolean;
  readonly evaluation: Evaluation;
  readonly factors: Record<string, unknown>;
  /** Every factor cut, in order, with the value before its first cut. */
  readonly firstValue: Map<string, { value: unknown; effective: number }>;
}

/**
 * The study's downscaling strategy over a plugin's declared factors: (1) check the defaults; (2) when a constraint
 * fails and the layers holding it are scaled by α alone, lower α; (3) otherwise find the layer holding most of the
 * failing metric (params for flash) and (4) cut a factor that layer claims (halving it); (5) raise α by bisection as
 * far as steps 2–4 can meet every constraint, then raise each cut factor back as far as they allow. Deterministic:
 * the same options give the same result, and a store makes an interrupted search resume where it stopped.
 */
export function optimize(arch: Architecture, options: SearchOptions): Promise<SearchResult> {
  return new Search(arch, options).run();
}

/** The search's default evaluator: `evaluateVariation` in this thread. */
export function inThreadEvaluator(arch: Architecture, constraints: SearchConstraints, target: { device?: Device; runtime?: string }): VariationEvaluator {
  return async (sets) =>
    sets.map((factors) => {
      try {
        return evaluateVariation(arch, factors, constraints, target);
      } catch {
        return undefined;
      }
    });
}

class Search {
  private readonly cache = new Map<string, Evaluation>();
  private readonly trail: TrailStep[] = [];
  private readonly cuts: CutFactor[];
  private readonly base: Record<string, unknown>;
  private readonly started = Date.now();
  private analyzed = 0;
  private readonly evaluator: VariationEvaluator;
  /** Board and runtime of the latency estimate. */
  private readonly target: { device?: Device; runtime?: string };

  constructor(
    private readonly arch: Architecture,
    private readonly o: SearchOptions,
  ) {
    this.base = { ...(arch.resolve({ ...(o.fixed ?? {}) }) as Record<string, unknown>) };
    this.cuts = cutFactors(arch, o.fixed ?? {});
    this.target = { ...(o.device ? { device: o.device } : {}), ...(o.runtime ? { runtime: o.runtime } : {}) };
    this.evaluator = o.evaluator ?? inThreadEvaluator(arch, o.constraints, this.target);
  }

  async run(): Promise<SearchResult> {
    let complete = true;
    try {
      const best = await this.fiveSteps();
      if (best) await this.explore(best);
    } catch (e) {
      if (!(e instanceof BudgetExhausted)) throw e;
      complete = !this.pendingMain; // spent during exploration: the five steps did finish
    }
    const passing = [...this.cache.values()].filter((e) => e.violations.length === 0);
    const byAlpha = [...passing].sort((a, b) => b.alpha - a.alpha || b.params - a.params || a.name.localeCompare(b.name))[0];
    const byParams = [...passing].sort((a, b) => b.params - a.params || b.alpha - a.alpha || a.name.localeCompare(b.name))[0];
    const timed = passing.filter((e) => e.latencyMs !== undefined);
    const byLatency = [...timed].sort((a, b) => a.latencyMs! - b.latencyMs! || b.alpha - a.alpha || a.name.localeCompare(b.name))[0];
    return {
      architecture: this.arch.name,
      constraints: this.o.constraints,
      best: {
        ...(byAlpha ? { alpha: candidateOf(byAlpha) } : {}),
        ...(byParams ? { params: candidateOf(byParams) } : {}),
        ...(byLatency ? { latency: candidateOf(byLatency) } : {}),
      },
      pareto: paretoFront(passing),
      trail: this.trail,
      evaluated: this.cache.size,
      analyzed: this.analyzed,
      complete,
    };
  }

  private pendingMain = true;

  /** Steps 1–5; returns the best fit, or undefined when not even the smallest α meets the constraints. */
  private async fiveSteps(): Promise<Fit | undefined> {
    const defaults = await this.evaluate(this.base);
    this.log(1, 'defaults', defaults, {
      note: defaults.violations.length === 0 ? 'the defaults meet every constraint' : `the defaults break ${describe(defaults.violations)}`,
    });
    const alphas = alphaValues(this.arch).filter((alpha) => this.nameOf({ ...this.base, alpha }) !== undefined);
    if (alphas.length === 0) {
      this.pendingMain = false;
      return undefined;
    }
    const fits = new Map<number, Fit>();
    const fitAt = async (i: number): Promise<Fit> => {
      const hit = fits.get(i);
      if (hit) return hit;
      const fit = await this.fitAt(alphas[i]!);
      fits.set(i, fit);
      return fit;
    };
    if (!(await fitAt(0)).ok) {
      this.pendingMain = false;
      return undefined;
    }
    let lo = 0;
    let hi = alphas.length - 1;
    if ((await fitAt(hi)).ok) lo = hi;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((await fitAt(mid)).ok) lo = mid;
      else hi = mid;
    }
    const grown = await this.grow(await fitAt(lo));
    this.pendingMain = false;
    return grown;
  }

  /** Steps 2–4 at one α: cut factors of the layers holding the failing metric until every constraint is met, or give up. */
  private async fitAt(alpha: number): Promise<Fit> {
    let factors: Record<string, unknown> = { ...this.base, alpha };
    const firstValue = new Map<string, { value: unknown; effective: number }>();
    const enumsCut = new Set<string>();
    for (let round = 0; ; round++) {
      const e = await this.evaluate(factors);
      if (e.violations.length === 0) {
        this.log(5, 'raise-alpha', e, { note: `α ${alpha} meets every constraint${firstValue.size ? ` after cutting ${[...firstValue.keys()].join(', ')}` : ''}; try a larger α` });
        return { ok: true, evaluation: e, factors, firstValue };
      }
      const worst = [...e.violations].sort((a, b) => b.used / b.limit - a.used / a.limit)[0]!;
      const pick = round < MAX_CUTS ? await this.pickCut(e, worst, factors, enumsCut) : undefined;
      if (!pick) {
        const held = heldBy(e, worst);
        this.log(2, 'lower-alpha', e, {
          heldBy: held,
          note: `${describe([worst])}; ${held ? `${held.layer} holds the most (${Math.round(held.share * 100)} %), scaled by ${held.scaling.join('×') || 'no factor'}` : 'no layer holds it'}; no other factor to cut: lower α`,
        });
        return { ok: false, evaluation: e, factors, firstValue };
      }
      if (!firstValue.has(pick.factor.key)) firstValue.set(pick.factor.key, { value: factors[pick.factor.key], effective: pick.effective });
      if (pick.factor.kind === 'enum') enumsCut.add(pick.factor.key);
      this.log(pick.held.metric === 'flash' ? 3 : 4, 'cut', e, {
        heldBy: pick.held,
        factor: { key: pick.factor.key, from: factors[pick.factor.key], to: pick.to },
        note: `${describe([worst])}: ${pick.held.layer} holds the most (${Math.round(pick.held.share * 100)} %); cut ${pick.factor.key} ${show(factors[pick.factor.key])} → ${show(pick.to)}`,
      });
      factors = { ...factors, [pick.factor.key]: pick.to };
    }
  }

  /** Steps 3–4: the layers holding most of the failing metric, in order, and the first factor of theirs that can still be cut. */
  private async pickCut(e: Evaluation, worst: Violation, factors: Record<string, unknown>, enumsCut: Set<string>): Promise<{ factor: CutFactor; to: unknown; effective: number; held: HeldBy } | undefined> {
    const key = METRIC_OF_LAYER[worst.metric];
    let layers = [...e.layers].filter((l) => l[key] > 0).sort((a, b) => b[key] - a[key]);
    if (worst.metric === 'ram') layers = layers.filter((l) => l[key] === layers[0]![key]);
    const total = worst.metric === 'ram' ? (layers[0]?.[key] ?? 1) : e.layers.reduce((s, l) => s + l[key], 0);
    // A layer worth cutting holds at least a tenth of the overshoot (in its own units: params for flash).
    const overshoot = ((worst.used - worst.limit) / worst.used) * total;
    for (const layer of layers) {
      if (worst.metric !== 'ram' && layer[key] < overshoot / 10) break;
      for (const claimed of layer.scaling) {
        const factor = this.cuts.find((c) => c.key === claimed);
        if (!factor || enumsCut.has(factor.key)) continue;
        const cut = await this.cutValue(factor, factors, layer);
        if (cut === undefined) continue;
        return { factor, ...cut, held: { layer: layer.name, metric: worst.metric, value: layer[key], share: layer[key] / total, scaling: layer.scaling } };
      }
    }
    return undefined;
  }

  /** Halve a factor (an absolute width left at its α-derived default: halve the layer's width); enums: the value with the fewest params. */
  private async cutValue(f: CutFactor, factors: Record<string, unknown>, layer: LayerFigures): Promise<{ to: unknown; effective: number } | undefined> {
    const current = factors[f.key];
    if (f.kind === 'enum') {
      const values = (f.values ?? []).filter((v) => v !== current);
      const evaluated = await this.tryEvaluateAll(values.map((v) => ({ ...factors, [f.key]: v })));
      const options = values.map((v, i) => ({ v, e: evaluated[i] }));
      const best = options.filter((x) => x.e !== undefined).sort((a, b) => a.e!.params - b.e!.params)[0];
      const here = (await this.evaluate(factors)).params;
      return best && best.e!.params < here ? { to: best.v, effective: current as number } : undefined;
    }
    const effective = current === null ? layer.channels : (current as number);
    const to = Math.max(f.min, onGrid(f, f.kind === 'integer' ? Math.floor(effective / 2) : effective / 2));
    if (to >= effective) return undefined;
    return (await this.tryEvaluate({ ...factors, [f.key]: to })) ? { to, effective } : undefined;
  }

  /** Step 5, second half: raise each cut factor back (last cut first) as far as every constraint allows. */
  private async grow(fit: Fit): Promise<Fit> {
    let { factors, evaluation } = fit;
    for (const [key, first] of [...fit.firstValue].reverse()) {
      const f = this.cuts.find((c) => c.key === key)!;
      const from = factors[key];
      if (f.kind === 'enum') {
        const back = await this.tryEvaluate({ ...factors, [key]: first.value });
        if (back && back.violations.length === 0) ({ factors, evaluation } = this.logGrow(back, { ...factors, [key]: first.value }, key, from));
        continue;
      }
      if (first.value === null) {
        const whole = await this.tryEvaluate({ ...factors, [key]: null });
        if (whole && whole.violations.length === 0) {
          ({ factors, evaluation } = this.logGrow(whole, { ...factors, [key]: null }, key, from));
          continue;
        }
      }
      const scale = f.kind === 'integer' ? 1 : 100;
      let lo = Math.round((from as number) * scale);
      let hi = Math.round((first.value === null ? first.effective : (first.value as number)) * scale);
      let bestE: Evaluation | undefined;
      if (hi > lo) {
        const top = await this.tryEvaluate({ ...factors, [key]: hi / scale });
        if (top && top.violations.length === 0) {
          lo = hi;
          bestE = top;
        }
      }
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        const e = await this.tryEvaluate({ ...factors, [key]: mid / scale });
        if (e && e.violations.length === 0) {
          lo = mid;
          bestE = e;
        } else hi = mid;
      }
      if (bestE) ({ factors, evaluation } = this.logGrow(bestE, { ...factors, [key]: lo / scale }, key, from));
    }
    return { ...fit, factors, evaluation };
  }

  private logGrow(e: Evaluation, factors: Record<string, unknown>, key: string, from: unknown): { factors: Record<string, unknown>; evaluation: Evaluation } {
    this.log(5, 'grow', e, { factor: { key, from, to: factors[key] }, note: `raise ${key} ${show(from)} → ${show(factors[key])}: ${e.params} params, every constraint met` });
    return { factors, evaluation: e };
  }

  /**
   * Seeded exploration near the best until the budget is spent (only with a budget): each candidate changes one or
   * two factors of the best, or of another variation found within the constraints. Candidates are drawn in batches
   * (as many at once as the budget leaves, at most {@link EXPLORE_BATCH}) and evaluated together, then logged in the
   * order drawn: the same seed gives the same candidates and trail whatever evaluates them. It stops early when
   * {@link EXPLORE_PATIENCE} draws in a row give nothing new.
   */
  private async explore(best: Fit): Promise<void> {
    const budget = this.o.budget;
    if (!budget || (budget.evaluations === undefined && budget.seconds === undefined)) return;
    const random = mulberry32(this.o.seed ?? 1);
    const keys = ['alpha', ...this.cuts.map((c) => c.key)];
    const alphas = alphaValues(this.arch);
    const passing: Evaluation[] = [];
    const mutate = (from: Evaluation, factors: Record<string, unknown>): void => {
      const key = keys[Math.floor(random() * keys.length)]!;
      if (key === 'alpha') {
        const i = alphas.indexOf(factors.alpha as number);
        const step = 1 + Math.floor(random() * 5);
        factors.alpha = alphas[Math.min(alphas.length - 1, Math.max(0, random() < 0.75 ? i - step : i + step))]!;
      } else {
        const f = this.cuts.find((c) => c.key === key)!;
        const v = factors[key] === null ? (from.layers.find((l) => l.scaling.includes(key))?.channels ?? 1) : (factors[key] as number);
        factors[key] = f.values ? f.values[Math.floor(random() * f.values.length)]! : Math.max(f.min, onGrid(f, v * (0.5 + random())));
      }
    };
    const draw = (): Record<string, unknown> => {
      const from = passing.length > 0 && random() < 0.5 ? passing[Math.floor(random() * passing.length)]! : best.evaluation;
      const factors = from === best.evaluation ? { ...best.factors } : { ...this.base, ...from.factors };
      mutate(from, factors);
      if (random() < 0.3) mutate(from, factors);
      return factors;
    };
    let idle = 0;
    while (idle < EXPLORE_PATIENCE) {
      const room = budget.evaluations === undefined ? EXPLORE_BATCH : Math.min(EXPLORE_BATCH, budget.evaluations - this.cache.size);
      if (room <= 0 || this.outOfTime()) throw new BudgetExhausted();
      const batch = new Map<string, Record<string, unknown>>();
      while (batch.size < room && idle < EXPLORE_PATIENCE) {
        const factors = draw();
        const name = this.nameOf(factors);
        if (name && !this.cache.has(name) && !batch.has(name)) {
          batch.set(name, factors);
          idle = 0;
        } else idle++;
      }
      const evaluated = await this.tryEvaluateAll([...batch.values()]);
      for (const e of evaluated) {
        if (!e) continue;
        if (e.violations.length === 0) passing.push(e);
        this.log(0, 'explore', e, { note: e.violations.length === 0 ? 'within the constraints' : `breaks ${describe(e.violations)}` });
      }
    }
  }

  private readonly names = new WeakMap<Record<string, unknown>, string | undefined>();

  /** The canonical name of a factor set (undefined when the plugin rejects it), once per factor-set object. */
  private nameOf(factors: Record<string, unknown>): string | undefined {
    if (this.names.has(factors)) return this.names.get(factors);
    let name: string | undefined;
    try {
      name = encodeName(this.arch, this.arch.resolve(factors));
    } catch {
      name = undefined;
    }
    this.names.set(factors, name);
    return name;
  }

  private outOfTime(): boolean {
    const seconds = this.o.budget?.seconds;
    return seconds !== undefined && Date.now() - this.started > seconds * 1000;
  }

  /** Evaluate, or undefined when the plugin rejects the factors. */
  private async tryEvaluate(factors: Record<string, unknown>): Promise<Evaluation | undefined> {
    return (await this.tryEvaluateAll([factors]))[0];
  }

  private async evaluate(factors: Record<string, unknown>): Promise<Evaluation> {
    const e = (await this.tryEvaluateAll([factors]))[0];
    if (e) return e;
    // rejected: raise the plugin's or the analysis's own error
    evaluateVariation(this.arch, factors, this.o.constraints, this.target);
    throw new Error(`${this.nameOf(factors) ?? 'variation'}: the evaluator rejected it`);
  }

  /**
   * Evaluate factor sets together (undefined where the plugin rejects one): cached and stored ones are read back,
   * the others go to the evaluator in one batch, as far as the budget allows (past it: {@link BudgetExhausted}).
   */
  private async tryEvaluateAll(sets: readonly Record<string, unknown>[]): Promise<(Evaluation | undefined)[]> {
    const names = sets.map((f) => this.nameOf(f));
    const todo = new Map<string, Record<string, unknown>>();
    names.forEach((name, at) => {
      if (!name || this.cache.has(name) || todo.has(name)) return;
      const stored = this.o.store?.get(name);
      if (!stored) {
        todo.set(name, sets[at]!);
        return;
      }
      if (!this.budgetAllows(1)) throw new BudgetExhausted();
      this.cache.set(name, stored);
    });
    if (todo.size > 0) {
      if (!this.budgetAllows(todo.size)) throw new BudgetExhausted();
      const done = await this.evaluator([...todo.values()]);
      [...todo.keys()].forEach((name, i) => {
        const d = done[i];
        if (!d) return;
        this.analyzed++;
        this.o.store?.put(d.evaluation, d.report);
        this.cache.set(name, d.evaluation);
      });
    }
    // every set: its evaluation (read back, new, or a duplicate of another in the batch)
    return names.map((name) => (name ? this.cache.get(name) : undefined));
  }

  /** True when `n` more evaluations fit the budget. */
  private budgetAllows(n: number): boolean {
    const evaluations = this.o.budget?.evaluations;
    return (evaluations === undefined || this.cache.size + n <= evaluations) && !this.outOfTime();
  }

  private log(step: TrailStep['step'], action: TrailStep['action'], e: Evaluation, extra: Pick<TrailStep, 'note'> & Partial<Pick<TrailStep, 'heldBy' | 'factor'>>): void {
    const entry: TrailStep = {
      step,
      action,
      name: e.name,
      alpha: e.alpha,
      params: e.params,
      modelSizeBytes: e.modelSizeBytes,
      arenaBytes: e.arenaBytes,
      macs: e.macs,
      ...(e.latencyMs !== undefined ? { latencyMs: e.latencyMs } : {}),
      failed: e.violations,
      ...extra,
    };
    this.trail.push(entry);
    this.o.onStep?.(entry, this.cache.size);
  }
}

/** The layer holding most of a failing metric. */
function heldBy(e: Evaluation, v: Violation): HeldBy | undefined {
  const key = METRIC_OF_LAYER[v.metric];
  const top = [...e.layers].sort((a, b) => b[key] - a[key])[0];
  if (!top || top[key] <= 0) return undefined;
  const total = v.metric === 'ram' ? top[key] : e.layers.reduce((s, l) => s + l[key], 0);
  return { layer: top.name, metric: v.metric, value: top[key], share: top[key] / total, scaling: top.scaling };
}

const UNIT: Record<ConstraintMetric, string> = { flash: 'model size', ram: 'TFLM arena', macs: 'MACs', latency: 'latency ms' };

function describe(vs: readonly Violation[]): string {
  return vs.map((v) => `${UNIT[v.metric]} ${round(v.used)} > ${round(v.limit)}`).join(', ');
}

const round = (n: number): number => (Number.isInteger(n) ? n : Math.round(n * 100) / 100);
const show = (v: unknown): string => (v === null ? 'default' : String(v));
