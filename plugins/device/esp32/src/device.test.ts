import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceConformance } from '@cnn-analyzer/conformance';
import { estimateLatency } from '@cnn-analyzer/device';
import { readTflite, referenceModelsDir, tfliteToGraph } from '@cnn-analyzer/exporter';
import { esp32 } from './device.js';
import { ESP_NN_POINTS } from './calibration-data.js';

deviceConformance(esp32, { points: ESP_NN_POINTS });

describe('ESP32', () => {
  const graph = tfliteToGraph(readTflite(new Uint8Array(readFileSync(join(referenceModelsDir(), 'tflm/tensorflow/lite/micro/models/person_detect.tflite'))))).graph;
  // espressif/esp-tflite-micro README: person detection 380 ms with ESP-NN, 4084 ms without, at 240 MHz.
  it('estimates TFLM person detection at the published times', () => {
    expect(estimateLatency(esp32, graph, 'tflm-esp-nn').totalMs).toBeCloseTo(380, 0);
    expect(estimateLatency(esp32, graph, 'tflm-reference').totalMs).toBeCloseTo(4084, 0);
  });
});
