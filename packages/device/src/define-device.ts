import { z } from 'zod';
import { FactorError } from '@cnn-analyzer/arch-spec';
import type { LatencyCalibration, LatencyModel } from './latency-model.js';
import type { ProjectLayout } from './project-layout.js';
import { LATENCY_FEATURES } from './op-features.js';

const cycles = z.partialRecord(z.enum(LATENCY_FEATURES), z.number().nonnegative());
const interval = z.object({ relative: z.number().nonnegative(), basis: z.string().min(1) }).strict();

const deviceSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case'),
    title: z.string().min(1),
    /** Flash for the model and the runtime, bytes. */
    flash: z.number().int().positive(),
    /** SRAM, bytes. */
    ram: z.number().int().positive(),
    cpu: z.object({ core: z.string().min(1), clockHz: z.number().positive() }).strict(),
    /** Latency models, the first is the default runtime. */
    runtimes: z
      .array(
        z
          .object({
            runtime: z.string().min(1),
            /** Runtime version the coefficients were measured with. */
            version: z.string().min(1),
            /** Cycles per unit of each latency feature (see `LATENCY_FEATURES`). */
            cycles,
            interval,
            source: z.string().min(1),
            /** The points and terms the coefficients were fitted on, for `calibrate` to refit (see `calibratedLatency`). */
            calibration: z
              .custom<LatencyCalibration>((v) => typeof v === 'object' && v !== null && Array.isArray((v as LatencyCalibration).points) && Array.isArray((v as LatencyCalibration).terms) && typeof (v as LatencyCalibration).clockHz === 'number', 'must be { points, terms, clockHz }')
              .optional(),
          })
          .strict(),
      )
      .min(1),
    /**
     * PlatformIO platform, board id and framework for generated projects; the framework picks the
     * layout (`arduino`: an Arduino sketch, `espidf`: an ESP-IDF project, `stm32cube`: a HAL program).
     */
    platformio: z.object({ platform: z.string().min(1), board: z.string().min(1), framework: z.string().min(1) }).strict().optional(),
    /** The board's own project layout for `deploy`, instead of the one its framework picks. */
    projectLayout: z
      .custom<ProjectLayout>((v) => typeof v === 'object' && v !== null && typeof (v as ProjectLayout).kind === 'string' && typeof (v as ProjectLayout).files === 'function' && typeof (v as ProjectLayout).srcDir === 'function' && typeof (v as ProjectLayout).build === 'string', 'must be { kind, srcDir(), build, files() }')
      .optional(),
    /** Runtime code and its static RAM, bytes (estimates for the fit report). */
    runtimeFootprint: z.object({ flash: z.number().int().nonnegative(), ram: z.number().int().nonnegative(), source: z.string().min(1) }).strict(),
  })
  .strict();

/** What a board plugin declares. Bytes are bytes (1 KB = 1024 bytes), clocks in Hz. */
export type DeviceConfig = z.input<typeof deviceSchema>;

/** A validated, frozen board. */
export interface Device extends Readonly<Omit<z.output<typeof deviceSchema>, 'runtimes'>> {
  readonly runtimes: readonly LatencyModel[];
  /** The latency model of a runtime (default: the first). Throws naming the known runtimes. */
  latencyModel(runtime?: string): LatencyModel;
}

/** Validate, freeze and type a board plugin; does no I/O and touches no hardware. */
export function defineDevice(config: DeviceConfig): Device {
  const parsed = deviceSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    const name = typeof (config as { name?: unknown }).name === 'string' ? (config as { name: string }).name : 'device';
    throw new FactorError(`${name}: ${path}: ${issue.message}`, path, undefined);
  }
  const d = parsed.data;
  return Object.freeze({
    ...d,
    latencyModel(runtime?: string): LatencyModel {
      const hit = runtime === undefined ? d.runtimes[0]! : d.runtimes.find((r) => r.runtime === runtime);
      if (!hit) throw new FactorError(`${d.name}: runtime ${JSON.stringify(runtime)} is unknown (known: ${d.runtimes.map((r) => r.runtime).join(', ')})`, 'runtime', runtime);
      return hit;
    },
  });
}
