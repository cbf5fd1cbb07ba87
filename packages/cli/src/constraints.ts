import { UsageError } from './usage-error.js';

/** `250KB`, `1.5MB`, `60M`, `100k` or a plain number; KB = 1024 bytes, M = 10^6. */
export function parseQuantity(flag: string, raw: string, kind: 'bytes' | 'count'): number {
  const m = /^(\d+(?:\.\d+)?)\s*(kb|mb|k|m)?$/i.exec(raw.trim());
  if (!m) throw new UsageError(`--${flag}: ${JSON.stringify(raw)} is not a ${kind === 'bytes' ? 'size like 250KB' : 'count like 60M'}`, flag, raw);
  const unit = (m[2] ?? '').toLowerCase();
  const scale = kind === 'bytes' ? { '': 1, kb: 1024, k: 1024, mb: 1024 * 1024, m: 1024 * 1024 }[unit]! : { '': 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6 }[unit]!;
  return Number(m[1]) * scale;
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

/** Which constraints a variation's totals break, each as `metric used > limit`; empty when it meets all. */
export function brokenConstraints(totals: { modelSizeBytes: number; peakMemoryBytes: number; macs: number }, c: Constraints): string[] {
  const out: string[] = [];
  const check = (metric: string, used: number, limit: number | undefined): void => void (limit !== undefined && used > limit && out.push(`${metric} ${used} > ${limit}`));
  check('modelSizeBytes', totals.modelSizeBytes, c.maxFlashBytes);
  check('peakMemoryBytes', totals.peakMemoryBytes, c.maxRamBytes);
  check('macs', totals.macs, c.maxMacs);
  return out;
}
