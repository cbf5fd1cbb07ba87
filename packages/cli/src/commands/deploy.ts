import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { toCArray } from '@cnn-analyzer/exporter';
import { generateTflmProject, projectKind } from '@cnn-analyzer/tflm-project';
import { elementCount } from '@cnn-analyzer/arch-spec';
import { resolveModel } from '../model-spec.js';
import { requireDevice, BUILTIN_DEVICES } from '../devices.js';
import { exportInt8, parseExportFlags } from '../export-model.js';
import { UsageError } from '../usage-error.js';
import { checkOutputFolder } from '../output-file.js';
import type { CommandContext } from './context.js';
import { createHash } from 'node:crypto';
import { recordAnalysis, recordExport } from '@cnn-analyzer/model-db';
import { withDatabase } from '../database-option.js';
import { analyzeResolved } from './analyze.js';

/** Headroom over the planned arena for TFLM's persistent structs that the planner does not count, bytes. */
const ARENA_HEADROOM = 4096;

/** `cnn-analyzer deploy <model> --device <board> --out <dir>`: a TFLM project for the board. */
export function registerDeploy(program: Command, ctx: CommandContext): void {
  program
    .command('deploy')
    .summary('write a TensorFlow Lite for Microcontrollers project for a board')
    .description(
      'Export the int8 model and write a TFLM project in the layout the board\'s framework expects (an Arduino sketch ' +
        'for Arduino boards, an ESP-IDF project for the ESP32, an STM32Cube HAL program for STM32 boards), each with a ' +
        'platformio.ini: the model as a 16-byte aligned C array, a MicroMutableOpResolver listing exactly the operators the ' +
        'model uses, the tensor arena sized from the memory plan (CMSIS-NN scratch buffers and per-channel data included, ' +
        'plus 4 KB headroom), and a loop that times each inference and prints the time and scores over serial.',
    )
    .argument('[model]', 'compound name or architecture id (default: the reference model)')
    .option('--device <board>', `target board (${BUILTIN_DEVICES.map((d) => d.name).join(', ')})`)
    .option('--out <dir>', 'output folder (required)')
    .option('--representative <dir>', 'images to calibrate activation ranges on')
    .option('--order <order>', 'operator order: default | optimal', 'default')
    .option('--samples <n>', 'representative samples to use', '32')
    .option('--seed <n>', 'seed of the initial weights and generated inputs', '1')
    .option('--json', 'print what was written as JSON')
    .option('--db <file>', 'model database to record the variation, its fit and the project in (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record anything')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action((arg: string | undefined, opts: { device?: string; out?: string; representative?: string; order: string; samples: string; seed: string; json?: boolean; db?: string | false }, cmd: Command) => {
      if (!opts.device) throw new UsageError('--device: the target board is required', 'device', undefined);
      if (!opts.out) throw new UsageError('--out: the output folder is required', 'out', undefined);
      checkOutputFolder('out', opts.out);
      const device = requireDevice(opts.device);
      const flags = parseExportFlags(opts);
      const model = arg?.startsWith('-') ? undefined : arg;
      const resolved = resolveModel(model, cmd.args.slice(model === undefined ? 0 : 1));
      const { tflite, bytes, plan, tfModel } = exportInt8(resolved, { ...flags, floatIO: false, stripNames: true, ...(opts.representative ? { representative: opts.representative } : {}) }, ctx.io, 'cmsis-nn');
      tfModel.dispose();
      const { graph, name } = resolved;
      const arenaBytes = plan.breakdown.nonPersistentBytes + plan.breakdown.perChannelQuantizationBytes + ARENA_HEADROOM;
      const ops = tflite.operatorCodes.map((c) => c.builtin);
      const files = generateTflmProject({
        name,
        device,
        cArray: toCArray(bytes, { name: 'g_model', headerFile: 'model_data.h' }),
        ops,
        arenaBytes,
        inputElements: elementCount(graph.tensors[graph.inputs[0]!]!.shape),
        inputType: 'int8',
        outputElements: elementCount(graph.tensors[graph.outputs[0]!]!.shape),
      });
      const root = join(opts.out, `${name}_${device.name}`);
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
      }
      if (opts.db !== false) {
        withDatabase(opts.db, (db) => {
          recordAnalysis(db, analyzeResolved(resolved, { device: device.name }).report);
          recordExport(db, { name, format: `tflm-project:${device.name}`, path: root, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
        }, { io: ctx.io });
      }
      const report = { name, ...(model !== undefined && model !== name ? { given: model } : {}), device: device.name, layout: projectKind(device), project: root, modelSizeBytes: bytes.length, arenaBytes, ops: [...new Set(ops)].sort(), files: Object.keys(files) };
      if (opts.json) ctx.io.out(JSON.stringify(report, null, 2) + '\n');
      else ctx.io.out(`${model !== undefined && model !== name ? `${name} (given as ${model})\n` : ''}TFLM project (${report.layout}) for ${device.title}: ${root}\n  model ${bytes.length.toLocaleString('en-US')} bytes, arena ${arenaBytes.toLocaleString('en-US')} bytes, ops ${report.ops.join(', ')}\n`);
    });
}
