import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { toCArray } from '@cnn-analyzer/exporter';
import { generateTflmProject, projectKind } from '@cnn-analyzer/tflm-project';
import { elementCount } from '@cnn-analyzer/arch-spec';
import { resolveModel } from '../model-spec.js';
import { requireDevice, BUILTIN_DEVICES } from '../devices.js';
import { exportInt8, parseExportFlags, parseTarget } from '../export-model.js';
import { deployableFile, isImportableFile } from '../import-model.js';
import { reservedArenaBytes } from '@cnn-analyzer/memory-planner';
import { boardKernels } from '@cnn-analyzer/analysis';
import { UsageError } from '../usage-error.js';
import { checkOutputFolder } from '../output-file.js';
import type { CommandContext } from './context.js';
import { createHash } from 'node:crypto';
import { recordAnalysis, recordExport } from '@cnn-analyzer/model-db';
import { withDatabase } from '../database-option.js';
import { analyzeResolved } from './analyze.js';

export { boardKernels };

/** `cnn-analyzer deploy <model> --device <board> --out <dir>`: a TFLM project for the board. */
export function registerDeploy(program: Command, ctx: CommandContext): void {
  program
    .command('deploy')
    .summary('write a TensorFlow Lite for Microcontrollers project for a board')
    .description(
      'Export the int8 model and write a TFLM project in the layout the board\'s framework expects (an Arduino sketch ' +
        'for Arduino boards, an ESP-IDF project for the ESP32, an STM32Cube HAL program for STM32 boards), each with a ' +
        'platformio.ini: the model as a 16-byte aligned C array, a MicroMutableOpResolver listing exactly the operators the ' +
        'model uses, the tensor arena sized to TFLM\'s arena_used_bytes() for the board\'s kernel library (planned head plus ' +
        'persistent tail; exact for the reference kernels, a bounded estimate for CMSIS-NN and ESP-NN, rounded up by that bound), ' +
        'and a loop that runs inferences and prints, as JSON lines over serial, the model\'s SHA-256, each operator\'s cycles ' +
        '(DWT on Cortex-M3/M4/M7, CCOUNT on the ESP32, the microsecond timer on the Pico) and the total: what `cnn-analyzer measure` reads. Refuses (exit 2) when the model ' +
        'and runtime do not fit the board\'s flash or the arena and runtime do not fit its RAM, unless --force.',
    )
    .argument('[model]', 'compound name, architecture id, an int8 .tflite, or a trained float model file (.tflite or tfjs model.json, with --representative) (default: the reference model)')
    .option('--device <board>', `target board (${BUILTIN_DEVICES.map((d) => d.name).join(', ')})`)
    .option('--out <dir>', 'output folder (required)')
    .option('--representative <dir>', 'images to calibrate activation ranges on')
    .option('--order <order>', 'operator order: default | optimal', 'default')
    .option('--memory-plan <plan>', 'online | offline (TFLM\'s OfflineMemoryAllocation from the planner\'s placement)', 'online')
    .option('--target <runtime>', 'tflm (default: the board runs TFLM only, so the conv/depthwise biases\' quantization parameters TFLM never reads are dropped) | tflite', 'tflm')
    .option('--force', 'write the project even when the model does not fit the board')
    .option('--samples <n>', 'representative samples to use', '32')
    .option('--seed <n>', 'seed of the initial weights and generated inputs', '1')
    .option('--json', 'print what was written as JSON')
    .option('--db <file>', 'model database to record the variation, its fit and the project in (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record anything')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (arg: string | undefined, opts: { device?: string; out?: string; representative?: string; order: string; memoryPlan: string; target: string; force?: boolean; samples: string; seed: string; json?: boolean; db?: string | false }, cmd: Command) => {
      if (!opts.device) throw new UsageError('--device: the target board is required', 'device', undefined);
      if (!opts.out) throw new UsageError('--out: the output folder is required', 'out', undefined);
      checkOutputFolder('out', opts.out);
      const device = requireDevice(opts.device);
      const flags = parseExportFlags(opts);
      const model = arg?.startsWith('-') ? undefined : arg;
      const kernels = boardKernels(device);
      const int8 = { ...flags, floatIO: false, stripNames: true, target: parseTarget(opts.target), ...(opts.representative ? { representative: opts.representative } : {}) };
      const file = model !== undefined && isImportableFile(model) ? await deployableFile(model, cmd.args.slice(1), int8, ctx.io, kernels) : undefined;
      const resolved = file?.resolved ?? resolveModel(model, cmd.args.slice(model === undefined ? 0 : 1));
      const { tflite, bytes, arena, tfModel } = file ?? exportInt8(resolved, int8, ctx.io, kernels);
      tfModel?.dispose();
      const { graph, name } = resolved;
      // an estimate is rounded up by its bound (and to TFLM's 16-byte alignment) so the arena never comes out short
      const arenaBytes = reservedArenaBytes(arena);
      const flashNeed = bytes.length + device.runtimeFootprint.flash;
      const ramNeed = arenaBytes + device.runtimeFootprint.ram;
      if (!opts.force) {
        if (flashNeed > device.flash) throw new UsageError(`flash: ${name} needs ${flashNeed.toLocaleString('en-US')} bytes (model ${bytes.length.toLocaleString('en-US')} + runtime ${device.runtimeFootprint.flash.toLocaleString('en-US')}) but ${device.name} has ${device.flash.toLocaleString('en-US')}; use --force to write the project anyway`, 'device', device.name);
        if (ramNeed > device.ram) throw new UsageError(`RAM: ${name} needs ${ramNeed.toLocaleString('en-US')} bytes (TFLM arena ${arenaBytes.toLocaleString('en-US')} + runtime ${device.runtimeFootprint.ram.toLocaleString('en-US')}) but ${device.name} has ${device.ram.toLocaleString('en-US')}; use --force to write the project anyway`, 'device', device.name);
      }
      const ops = tflite.operatorCodes.map((c) => c.builtin);
      const files = generateTflmProject({
        name,
        device,
        cArray: toCArray(bytes, { name: 'g_model', headerFile: 'model_data.h' }),
        ops,
        operatorCount: tflite.subgraphs.reduce((n, g) => n + g.operators.length, 0),
        modelSha256: createHash('sha256').update(bytes).digest('hex'),
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
      // the exact bytes in the C array, for `cnn-analyzer measure <this file>` (it checks the hash the board prints)
      const tfliteFile = join(root, `${name}.tflite`);
      writeFileSync(tfliteFile, bytes);
      if (opts.db !== false) {
        withDatabase(opts.db, (db) => {
          recordAnalysis(db, analyzeResolved(resolved, { device: device.name }).report);
          recordExport(db, { name, format: `tflm-project:${device.name}`, path: root, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
        }, { io: ctx.io });
      }
      const report = { name, ...(model !== undefined && model !== name ? { given: model } : {}), device: device.name, layout: projectKind(device), project: root, modelSizeBytes: bytes.length, arenaBytes, kernels, tflmArena: arena, fits: flashNeed <= device.flash && ramNeed <= device.ram, ops: [...new Set(ops)].sort(), files: Object.keys(files), tflite: tfliteFile };
      if (opts.json) ctx.io.out(JSON.stringify(report, null, 2) + '\n');
      else ctx.io.out(`${model !== undefined && model !== name ? `${name} (given as ${model})\n` : ''}TFLM project (${report.layout}) for ${device.title}: ${root}\n  model ${bytes.length.toLocaleString('en-US')} bytes, arena ${arenaBytes.toLocaleString('en-US')} bytes, ops ${report.ops.join(', ')}\n  measure it: cnn-analyzer measure ${tfliteFile} --device ${device.name} --port <tty>\n`);
    });
}
