import type { Command } from 'commander';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { recordAnalysis, recordExport } from '@cnn-analyzer/model-db';
import { withDatabase } from '../database-option.js';
import { analyzeModel, analyzeResolved } from './analyze.js';
import { join } from 'node:path';
import { saveToMemory } from '@cnn-analyzer/builders';
import { fileSizeBreakdown, toCArray, writeTflite } from '@cnn-analyzer/exporter';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { resolveModel } from '../model-spec.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';
import { exportInt8, parseExportFlags, parseKernels, parseTarget } from '../export-model.js';
import { exportImported, isImportableFile } from '../import-model.js';
import { checkOutputFolder } from '../output-file.js';
import { checkpointModel } from './train-source.js';

const FORMATS = ['tflite', 'c', 'tfjs'] as const;
type Format = (typeof FORMATS)[number];

interface ExportOptions {
  out?: string;
  representative?: string;
  weights?: string;
  format: string;
  floatIo?: boolean;
  stripNames?: boolean;
  samples: string;
  seed: string;
  order: string;
  memoryPlan: string;
  kernels: string;
  target: string;
  json?: boolean;
  db?: string | false;
}

/** `cnn-analyzer export <model> --out <dir> [--representative <dir>] [--format tflite,c,tfjs] ...` */
export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .summary('write the int8 .tflite model (and C array, TensorFlow.js files) of a variation')
    .description(
      'Build the model in TensorFlow.js, quantize it to int8 as TensorFlow\'s converter does for TFLM (BatchNorm folded, ' +
        'ReLU fused, per-channel int8 weights, int32 biases, activations calibrated on a representative set) and write ' +
        '<out>/<name>.tflite, <name>.cc/.h (16-byte aligned C array) and <name>_tfjs/ (model.json + weights.bin).\n' +
        'Weights are the seeded initialization until a model is trained; calibration uses the images in ' +
        '--representative (one folder per class; PNG, JPEG or PPM) or generated inputs in [0, 1].',
    )
    .argument('[model]', 'compound name, architecture id, or a trained float model file (.tflite or tfjs model.json) to quantize with its weights (default: the reference model)')
    .option('--out <dir>', 'output folder (required)')
    .option('--representative <dir>', 'images to calibrate activation ranges on')
    .option('--weights <checkpoint>', 'export the weights of a training checkpoint (.ckpt written by train; a run started from a model file exports that file\'s graph)')
    .option('--format <list>', `comma-separated: ${FORMATS.join(', ')}`, 'tflite')
    .option('--float-io', 'float32 input/output through QUANTIZE/DEQUANTIZE instead of int8')
    .option('--strip-names', 'drop tensor names and metadata from the .tflite to save flash')
    .option('--samples <n>', 'representative samples to use (images or generated)', '32')
    .option('--seed <n>', 'seed of the initial weights and generated inputs', '1')
    .option('--order <order>', 'operator order: default, or optimal (the memory planner\'s lowest-peak order)', 'default')
    .option('--memory-plan <plan>', 'online (TFLM plans the arena) | offline (write the planner\'s placement as TFLM\'s OfflineMemoryAllocation metadata)', 'online')
    .option('--target <runtime>', 'tflite (TFLite and TFLM) | tflm (drop the conv/depthwise biases\' quantization parameters, which TFLM never reads: smaller file, same TFLM outputs and arena; TFLite still runs it, slower)', 'tflite')
    .option('--kernels <library>', 'kernel library whose TFLM arena to report: reference (exact) | cmsis-nn | esp-nn (estimates)', 'reference')
    .option('--json', 'print what was written as JSON')
    .option('--db <file>', 'model database to record the export in (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record the export')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (arg: string | undefined, opts: ExportOptions, cmd: Command) => {
      if (!opts.out) throw new UsageError('--out: the output folder is required', 'out', undefined);
      checkOutputFolder('out', opts.out);
      const formats = opts.format.split(',').map((f) => f.trim());
      const bad = formats.find((f) => !(FORMATS as readonly string[]).includes(f));
      if (bad !== undefined) throw new UsageError(`--format: ${JSON.stringify(bad)} is not one of ${FORMATS.join(', ')}`, 'format', bad);
      const flags = parseExportFlags(opts);
      const kernels = parseKernels(opts.kernels);
      const target = parseTarget(opts.target);
      const model = arg?.startsWith('-') ? undefined : arg;
      const int8 = { ...flags, floatIO: opts.floatIo ?? false, stripNames: opts.stripNames ?? false, target, ...(opts.representative ? { representative: opts.representative } : {}) };
      const factorArgs = cmd.args.slice(model === undefined ? 0 : 1);
      const imported = model !== undefined && isImportableFile(model) && !opts.weights ? await exportImported(model, cmd.args.slice(1), int8, ctx.io, kernels) : undefined;
      const fromCheckpoint = opts.weights && !imported ? await checkpointModel(opts.weights, model, factorArgs) : undefined;
      const resolved = imported?.resolved ?? fromCheckpoint?.resolved ?? resolveModel(model, factorArgs);
      const { name, graph } = resolved;
      const { tfModel, tflite, bytes, plan, arena } = imported ?? exportInt8(resolved, { ...int8, ...(opts.weights ? { weights: opts.weights } : {}) }, ctx.io, kernels);
      mkdirSync(opts.out, { recursive: true });
      const written: { format: Format; path: string; bytes: number }[] = [];
      const put = (format: Format, file: string, data: string | Uint8Array): void => {
        const path = join(opts.out!, file);
        writeFileSync(path, data);
        written.push({ format, path, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length });
      };
      if (formats.includes('tflite')) put('tflite', `${name}.tflite`, bytes);
      if (formats.includes('c')) {
        const id = `g_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
        const files = toCArray(bytes, { name: id, headerFile: `${name}.h` });
        put('c', `${name}.h`, files.header);
        put('c', `${name}.cc`, files.source);
      }
      if (formats.includes('tfjs')) {
        const saved = await saveToMemory(tfModel);
        mkdirSync(join(opts.out, `${name}_tfjs`), { recursive: true });
        put('tfjs', join(`${name}_tfjs`, 'weights.bin'), new Uint8Array(saved.weightData as ArrayBuffer));
        put('tfjs', join(`${name}_tfjs`, 'model.json'), JSON.stringify({ modelTopology: saved.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: saved.weightSpecs }] }));
      }
      tfModel.dispose();
      const params = analyzeGraph(graph).totals.params;
      if (opts.db !== false) {
        withDatabase(opts.db, (db) => {
          recordAnalysis(db, imported ? analyzeResolved(imported.resolved).report : fromCheckpoint ? analyzeResolved(fromCheckpoint.record).report : analyzeModel(name, []).report);
          for (const f of written) recordExport(db, { name, format: f.format, path: f.path, bytes: f.bytes, sha256: createHash('sha256').update(readFileSync(f.path)).digest('hex') });
        }, { io: ctx.io });
      }
      const report = { name, ...(model !== undefined && model !== name ? { given: model } : {}), modelSizeBytes: bytes.length, bytesPerParam: bytes.length / params, params, order: flags.order, peakMemoryBytes: plan.peakBytes, memoryPlan: flags.memoryPlan, target, arenaBytes: arena.arenaBytes, tflmArena: arena, size: fileSizeBreakdown(bytes), stripNamesSavesBytes: opts.stripNames ? 0 : bytes.length - writeTflite(tflite, { stripNames: true, stripMetadata: true }).length, files: written };
      if (opts.json) ctx.io.out(JSON.stringify(report, null, 2) + '\n');
      else {
        if (model !== undefined && model !== name) ctx.io.out(`${name} (given as ${model})\n`);
        for (const f of written) ctx.io.out(`${f.format.padEnd(7)} ${f.path} (${f.bytes.toLocaleString('en-US')} bytes)\n`);
        ctx.io.out(`model size: ${bytes.length.toLocaleString('en-US')} bytes (${(bytes.length / 1024).toFixed(1)} KB), ${report.bytesPerParam.toFixed(3)} bytes/param\n`);
        const z = report.size.sections;
        const kb = (n: number): string => n.toLocaleString('en-US');
        ctx.io.out(`file: weights ${kb(z.weights)}, biases ${kb(z.biases)}, quantization ${kb(z.quantization)}, names/metadata ${kb(z.namesAndMetadata)}, tables ${kb(z.tables)}, other constants ${kb(z.otherConstants)}, padding ${kb(z.padding)} bytes${report.stripNamesSavesBytes > 0 ? `; --strip-names saves ${kb(report.stripNamesSavesBytes)}` : ''}\n`);
        ctx.io.out(`TFLM arena (${arena.kernels} kernels${flags.memoryPlan === 'offline' ? ', offline plan' : ''}): ${arena.arenaBytes.toLocaleString('en-US')} bytes = ${arena.headBytes.toLocaleString('en-US')} planned + ${arena.tailBytes.toLocaleString('en-US')} persistent${arena.exact ? '' : ` (estimate, ±${arena.maxErrorBytes.toLocaleString('en-US')})`}\n`);
      }
    });
}
