import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyCalibrationFile, type Device } from '@cnn-analyzer/device';
import { requireDevice } from './devices.js';
import { UsageError } from './usage-error.js';

/** Folder of local calibration files: `$CNN_ANALYZER_CALIBRATION_DIR`, else `./cnn-analyzer.calibration`. */
export function calibrationDir(): string {
  return process.env.CNN_ANALYZER_CALIBRATION_DIR ?? 'cnn-analyzer.calibration';
}

/** Where `calibrate` writes a board runtime's file by default, and where `--device` looks for it. */
export function defaultCalibrationPath(device: string, runtime: string): string {
  return join(calibrationDir(), `${device}-${runtime}.json`);
}

/** A board as a command uses it, and which calibration its latency model comes from. */
export interface CalibratedDevice {
  readonly device: Device;
  /** `shipped` (the plugin's own coefficients) or the path of the local calibration file used. */
  readonly calibration: 'shipped' | string;
}

/**
 * The board named on the command line with the latency model of `runtime` (default: its first) taken from a local
 * calibration file: `file` when given (an error if it cannot be read), else the default path when it exists;
 * `file === false` (`--no-calibration`) keeps the plugin's shipped coefficients.
 */
export function calibratedDevice(name: string, runtime?: string, file?: string | false): CalibratedDevice {
  const device = requireDevice(name);
  if (file === false) return { device, calibration: 'shipped' };
  const path = file ?? defaultCalibrationPath(device.name, device.latencyModel(runtime).runtime);
  if (file === undefined && !existsSync(path)) return { device, calibration: 'shipped' };
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--calibration: cannot read ${JSON.stringify(path)} as JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`, 'calibration', path);
  }
  const calibrated = applyCalibrationFile(device, content, path);
  const want = device.latencyModel(runtime).runtime;
  const has = (content as { runtime?: unknown }).runtime;
  if (has !== want) throw new UsageError(`--calibration: ${path} calibrates runtime ${JSON.stringify(has)}, not ${JSON.stringify(want)}`, 'calibration', path);
  return { device: calibrated, calibration: path };
}
