import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleTflite, compareLayerScales, compareWeights, drawScenes, impliedRanges, importTflite, measureFidelity, quantizeImported, readTflite, referenceModelsDir, tfliteToGraph, writeTflite } from '@cnn-analyzer/exporter';
import type { BenchResult } from './measure.js';

/**
 * Fidelity of int8 quantization on the trained MLPerf Tiny VWW model: TensorFlow's converter's int8 file and our
 * export of the float file's weights (calibrated on 32 generated scenes), each against the float model on 128 other
 * generated scenes, all in the real TFLite runtime; then each layer's output scale and zero point, ours vs the converter's.
 */
export async function fidelityBench(): Promise<BenchResult[]> {
  const dir = referenceModelsDir();
  const floatBytes = new Uint8Array(readFileSync(join(dir, 'mlperf_tiny_vww_96_float.tflite')));
  const theirs = new Uint8Array(readFileSync(join(dir, 'mlperf_tiny_vww_96_int8.tflite')));
  const start = performance.now();
  const imported = importTflite(floatBytes, 'vww');
  const ours = quantizeImported(imported, { representative: drawScenes(32, 100001).map((s) => s.sample) });
  const importMs = performance.now() - start;
  const inputs = drawScenes(128, 1).map((s) => s.sample);
  const { rows } = await measureFidelity(floatBytes, [{ name: 'converter', bytes: theirs }, { name: 'ours', bytes: writeTflite(ours) }], inputs);
  const out: BenchResult[] = [];
  for (const r of rows) {
    const who = r.model === 'ours' ? 'ours (CNN Analyzer)' : 'TensorFlow converter';
    out.push({ bench: 'fidelity', figure: `VWW int8 vs float, mean |Δp|: ${who}`, value: r.meanAbsDiff * 100, unit: 'pp', note: `max ${(r.maxAbsDiff * 100).toFixed(2)} pp over ${inputs.length} scenes` });
    out.push({ bench: 'fidelity', figure: `VWW int8 vs float, top-1 agreement: ${who}`, value: r.top1Agreement * 100, unit: '%' });
  }
  out.push({ bench: 'fidelity', figure: 'VWW import + calibrate (32 scenes) + quantize', value: importMs, unit: 'ms' });
  // The quantizer alone: our int8 file from the float weights with the converter's own activation ranges.
  const floatModel = readTflite(floatBytes);
  const theirModel = readTflite(theirs);
  const same = readTflite(writeTflite(assembleTflite(imported.graph, imported.weights, impliedRanges(theirModel, floatModel, tfliteToGraph(floatModel, 'vww').tensorIndex))));
  const w = compareWeights(same, theirModel);
  const { rows: [vsTheirs] } = await measureFidelity(theirs, [{ name: 'same ranges', bytes: writeTflite(same) }], inputs);
  out.push({ bench: 'fidelity', figure: 'ours with the converter\'s ranges vs converter, max |Δp|', value: vsTheirs!.maxAbsDiff * 100, unit: 'pp', note: `${inputs.length} scenes` });
  out.push({ bench: 'fidelity', figure: 'ours with the converter\'s ranges: int8 weights equal', value: (100 * w.weightsEqual) / w.weights, unit: '%', note: `${w.channels} channels; ${w.rescaledChannels} near-zero channels rescaled by the converter to fit their int32 bias` });
  for (const r of compareLayerScales(ours, readTflite(theirs))) {
    out.push({
      bench: 'fidelity',
      figure: `layer ${String(r.index).padStart(2)} ${r.operator} output scale ours / converter`,
      value: r.scaleRatio,
      unit: '×',
      note: `ours ${r.ours.scale.toPrecision(4)} zp ${r.ours.zeroPoint}, converter ${r.theirs.scale.toPrecision(4)} zp ${r.theirs.zeroPoint}`,
    });
  }
  return out;
}
