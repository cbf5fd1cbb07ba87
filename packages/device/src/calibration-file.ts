import { z } from 'zod';
import { FactorError } from '@cnn-analyzer/arch-spec';
import type { Device } from './define-device.js';
import type { LatencyModel } from './latency-model.js';
import { LATENCY_FEATURES } from './op-features.js';
import { withLatencyModel } from './refit.js';

/** The local calibration file `cnn-analyzer calibrate` writes and `analyze --device` reads. */
export const calibrationFileSchema = z
  .object({
    format: z.literal('cnn-analyzer-latency-calibration'),
    version: z.literal(1),
    device: z.string().min(1),
    runtime: z.string().min(1),
    /** Version of the runtime the board ran. */
    runtimeVersion: z.string().min(1),
    createdAt: z.string().min(1),
    cycles: z.partialRecord(z.enum(LATENCY_FEATURES), z.number().nonnegative()),
    interval: z.object({ relative: z.number().nonnegative(), basis: z.string().min(1) }).strict(),
    source: z.string().min(1),
    /** The measured models the refit used: name, model hash, runs and operators. */
    measured: z.array(z.object({ name: z.string(), modelSha256: z.string(), runs: z.number().int().positive(), ops: z.number().int().nonnegative(), perOperator: z.boolean() }).strict()),
    /** Errors before and after the refit (as `calibrate` printed them). */
    errors: z.record(z.string(), z.unknown()),
  })
  .strict();

export type CalibrationFile = z.infer<typeof calibrationFileSchema>;

/** The calibration file of a refitted model. */
export function calibrationFile(device: Device, model: LatencyModel, measured: CalibrationFile['measured'], errors: Record<string, unknown>, createdAt = new Date()): CalibrationFile {
  return { format: 'cnn-analyzer-latency-calibration', version: 1, device: device.name, runtime: model.runtime, runtimeVersion: model.version, createdAt: createdAt.toISOString(), cycles: { ...model.cycles }, interval: model.interval, source: model.source, measured, errors };
}

/**
 * The device with the calibration file's coefficients for its runtime. Throws a FactorError naming the field when the
 * file is not a calibration file or is for another board or an unknown runtime.
 */
export function applyCalibrationFile(device: Device, content: unknown, where: string): Device {
  const parsed = calibrationFileSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FactorError(`calibration ${where}: ${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`, 'calibration', where);
  }
  const file = parsed.data;
  if (file.device !== device.name) throw new FactorError(`calibration ${where}: device: is ${JSON.stringify(file.device)}, not ${JSON.stringify(device.name)}`, 'calibration', where);
  const base = device.latencyModel(file.runtime);
  return withLatencyModel(device, { ...base, cycles: file.cycles, interval: file.interval, source: file.source });
}
