import { describe, expect, it } from 'vitest';
import { parseName, type Architecture } from '@cnn-analyzer/arch-spec';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import { stm32f746gDisco } from '@cnn-analyzer/device-stm32f746g-disco';
import { esp32 } from '@cnn-analyzer/device-esp32';
import { analyze, type AnalysisInput } from './analyze.js';
import { analyzeFigures } from './figures.js';

const PLUGINS = [mobilenetV1, mobilenetV2, mobilenetV3, shufflenetV1, shufflenetV2] as unknown as Architecture[];
const EXAMPLES = PLUGINS.flatMap((p) => p.examples ?? []);
const inputOf = (name: string): AnalysisInput => {
  const parsed = parseName(name, PLUGINS);
  const c = parsed.architecture.create(parsed.factors as Record<string, unknown>);
  return { name: c.name, architecture: parsed.architecture.name, factors: c.factors, graph: c.graph, source: 'plugin' };
};

describe("analyzeFigures gives the report's figures without the rest of the report", () => {
  const boards = [undefined, stm32f746gDisco, esp32] as const;
  it.each(EXAMPLES)('%s, without a board and on the F746 (CMSIS-NN) and the ESP32 (ESP-NN)', (name) => {
    const input = inputOf(name);
    for (const device of boards) {
      const options = device ? { device } : {};
      const { report } = analyze(input, options);
      const f = analyzeFigures(input, options);
      const t = report.totals;
      expect({ params: f.params, macs: f.macs, size: f.modelSizeBytes, arena: f.arenaBytes, peak: f.peakMemoryBytes, latency: f.latencyMs }).toEqual({
        params: t.params,
        macs: t.macs,
        size: t.modelSizeBytes,
        arena: t.arenaBytes,
        peak: t.peakMemoryBytes,
        latency: report.latency?.totalMs,
      });
      expect(f.layers).toEqual(
        report.layers.map((l) => ({ name: l.name, params: l.params, macs: l.macs, ramBytes: l.ramBytes, ...(device ? { latencyMs: l.latencyMs } : {}), scaling: l.scaling, outputChannels: l.outputChannels })),
      );
    }
  });

});
