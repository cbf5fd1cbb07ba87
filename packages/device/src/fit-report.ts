import type { Device } from './define-device.js';

/** Budgets of the study (MISSION.md), all configurable. KB = 1024 bytes. */
export interface Budgets {
  /** Model flash budget, bytes. @default 256,000 (250 KB) */
  readonly flashBytes: number;
  /** Peak activation memory budget, bytes. @default 256,000 (250 KB) */
  readonly ramBytes: number;
  /** Inference cost budget, MACs. @default 60,000,000 */
  readonly macs: number;
}

export const DEFAULT_BUDGETS: Budgets = { flashBytes: 250 * 1024, ramBytes: 250 * 1024, macs: 60_000_000 };

/** One line of a fit report: what is used, against what limit, with what margin. */
export interface FitCheck {
  readonly check: 'board flash' | 'board RAM' | 'flash budget' | 'RAM budget' | 'MAC budget';
  readonly used: number;
  readonly limit: number;
  /** limit − used (negative: over). */
  readonly margin: number;
  readonly pass: boolean;
  readonly unit: 'bytes' | 'MACs';
}

/** Whether a model fits a board and the budgets, line by line. */
export interface FitReport {
  readonly device: string;
  readonly checks: readonly FitCheck[];
  /** True when every check passes. */
  readonly fits: boolean;
}

/** What the fit report needs to know about a model (the caller computes it: exporter, memory planner, metrics). */
export interface ModelFootprint {
  /** Bytes of the int8 .tflite. */
  readonly modelBytes: number;
  /** Bytes of the TFLM arena (or the peak memory when no arena is known). */
  readonly arenaBytes: number;
  /** Peak activation memory, bytes. */
  readonly peakBytes: number;
  readonly macs: number;
}

const line = (check: FitCheck['check'], used: number, limit: number, unit: FitCheck['unit']): FitCheck => ({ check, used, limit, margin: limit - used, pass: used <= limit, unit });

/**
 * Check a model against budgets (any subset of flash, RAM and MACs): one line per budget given. The one budget check
 * of the tool — the fit report, `list`/`sweep` constraints and the dashboard all call it.
 */
export function checkBudgets(model: Pick<ModelFootprint, 'modelBytes' | 'peakBytes' | 'macs'>, budgets: Partial<Budgets>): FitCheck[] {
  return [
    ...(budgets.flashBytes !== undefined ? [line('flash budget', model.modelBytes, budgets.flashBytes, 'bytes')] : []),
    ...(budgets.ramBytes !== undefined ? [line('RAM budget', model.peakBytes, budgets.ramBytes, 'bytes')] : []),
    ...(budgets.macs !== undefined ? [line('MAC budget', model.macs, budgets.macs, 'MACs')] : []),
  ];
}

/**
 * Check a model against a board (model + runtime code vs flash; arena + runtime RAM vs SRAM) and
 * against the study's budgets (model bytes, peak memory, MACs).
 */
export function fitReport(device: Device, model: ModelFootprint, budgets: Budgets = DEFAULT_BUDGETS): FitReport {
  const checks = [
    line('board flash', model.modelBytes + device.runtimeFootprint.flash, device.flash, 'bytes'),
    line('board RAM', model.arenaBytes + device.runtimeFootprint.ram, device.ram, 'bytes'),
    ...checkBudgets(model, budgets),
  ];
  return { device: device.name, checks, fits: checks.every((c) => c.pass) };
}
