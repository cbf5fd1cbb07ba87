import bytes from 'bytes';
import { checkBudgets } from '@cnn-analyzer/device';
import { UsageError } from './usage-error.js';

/**
 * `250KB`, `1.5MB` or a plain number of bytes (KB = 1024 bytes, parsed by the `bytes` package); counts as `60M`,
 * `100k` or a plain number (k = 10^3, M = 10^6).
 */
export function parseQuantity(flag: string, raw: string, kind: 'bytes' | 'count'): number {
  const text = raw.trim();
  const rule = kind === 'bytes' ? 'a size like 250KB (KB = 1024 bytes)' : 'a count like 60M';
  let value: number | null;
  if (kind === 'bytes') value = /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i.test(text) ? bytes.parse(text) : null;
  else {
    const m = /^(\d+(?:\.\d+)?)\s*(k|m)?$/i.exec(text);
    value = m ? Number(m[1]) * (m[2] ? { k: 1e3, m: 1e6 }[m[2].toLowerCase() as 'k' | 'm'] : 1) : null;
  }
  if (value === null || !Number.isFinite(value)) throw new UsageError(`--${flag}: ${JSON.stringify(raw)} is not ${rule}`, flag, raw);
  return value;
}

/** Limits a variation must meet: model bytes (flash), peak memory bytes (RAM), MACs. */
export interface Constraints {
  readonly maxFlashBytes?: number;
  readonly maxRamBytes?: number;
  readonly maxMacs?: number;
}

/** The `--max-flash`, `--max-ram` and `--max-macs` flags as constraints. */
export function parseConstraints(o: { maxFlash?: string; maxRam?: string; maxMacs?: string }): Constraints {
  return {
    ...(o.maxFlash ? { maxFlashBytes: parseQuantity('max-flash', o.maxFlash, 'bytes') } : {}),
    ...(o.maxRam ? { maxRamBytes: parseQuantity('max-ram', o.maxRam, 'bytes') } : {}),
    ...(o.maxMacs ? { maxMacs: parseQuantity('max-macs', o.maxMacs, 'count') } : {}),
  };
}

const METRIC = { 'flash budget': 'modelSizeBytes', 'RAM budget': 'peakMemoryBytes', 'MAC budget': 'macs' } as const;

/** Which constraints a variation's totals break, each as `metric used > limit` (the device package's budget check); empty when it meets all. */
export function brokenConstraints(totals: { modelSizeBytes: number; peakMemoryBytes: number; macs: number }, c: Constraints): string[] {
  const checks = checkBudgets(
    { modelBytes: totals.modelSizeBytes, peakBytes: totals.peakMemoryBytes, macs: totals.macs },
    { ...(c.maxFlashBytes !== undefined ? { flashBytes: c.maxFlashBytes } : {}), ...(c.maxRamBytes !== undefined ? { ramBytes: c.maxRamBytes } : {}), ...(c.maxMacs !== undefined ? { macs: c.maxMacs } : {}) },
  );
  return checks.filter((k) => !k.pass).map((k) => `${METRIC[k.check as keyof typeof METRIC]} ${k.used} > ${k.limit}`);
}
