import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured as cli } from '../run-captured.js';

describe('cnn-analyzer deploy', () => {
  it('writes a TFLM project with the model, the exact op resolver and the planned arena', async () => {
    const out = mkdtempSync(join(tmpdir(), 'deploy-'));
    const db = join(out, 'models.db');
    const { code, out: stdout, err } = await cli('deploy', 'mobilenetv1_0.25_96_c3_o2', '--device', 'stm32f746g-disco', '--out', out, '--samples', '4', '--json', '--db', db);
    expect(code, err).toBe(0);
    const r = JSON.parse(stdout);
    // The MLPerf VWW model's operators (as in shared/reference-models/mlperf_tiny_vww_96_int8.tflite, less QUANTIZE/DEQUANTIZE).
    expect(r.ops).toEqual(['AVERAGE_POOL_2D', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'RESHAPE', 'SOFTMAX']);
    expect(r.arenaBytes).toBeGreaterThan(55_296);
    expect(r.layout).toBe('stm32cube');
    for (const f of ['platformio.ini', 'src/main.cc', 'src/inference.cc', 'src/board_stm32cube.cc', 'src/model_data.cc', 'src/model_data.h', 'src/board.h']) expect(existsSync(join(r.project, f)), f).toBe(true);
    const main = readFileSync(join(r.project, 'src/inference.cc'), 'utf8');
    expect(main).toContain(`constexpr int kArenaSize = ${r.arenaBytes};`);
    expect(main).toContain('tflite::MicroMutableOpResolver<6> resolver;');
    expect(readFileSync(join(r.project, 'src/model_data.cc'), 'utf8')).toContain(`const unsigned int g_model_len = ${r.modelSizeBytes};`);
    // recorded: the variation, its fit on the board and the project with the model's bytes
    const shown = JSON.parse((await cli('show', 'mobilenetv1_0.25_96_c3_o2', '--db', db)).out);
    expect(shown.deviceFits).toMatchObject([{ device: 'stm32f746g-disco', runtime: 'x-cube-ai' }]);
    expect(shown.exports).toMatchObject([{ format: 'tflm-project:stm32f746g-disco', path: r.project, bytes: r.modelSizeBytes }]);
  }, 60_000);

  it('writes an Arduino sketch for the Arduino Nano 33 BLE', async () => {
    const out = mkdtempSync(join(tmpdir(), 'deploy-'));
    const { code, out: stdout, err } = await cli('deploy', 'mobilenetv1_0.25_96_c3_o2_l1', '--device', 'arduino-nano-33-ble', '--out', out, '--samples', '2', '--json', '--no-db');
    expect(code, err).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.layout).toBe('arduino-sketch');
    const sketch = 'mobilenetv1_0_25_96_c3_o2_l1';
    expect(r.files.sort()).toEqual(['README.md', 'platformio.ini', ...['board.h', 'inference.cpp', 'inference.h', 'model_data.cpp', 'model_data.h', `${sketch}.ino`].map((f) => `${sketch}/${f}`)].sort());
    expect(readFileSync(join(r.project, `${sketch}/${sketch}.ino`), 'utf8')).toContain('Serial.begin(115200);');
    expect(readFileSync(join(r.project, 'platformio.ini'), 'utf8')).toContain(`src_dir = ${sketch}\n`);
    expect(readFileSync(join(r.project, `${sketch}/model_data.cpp`), 'utf8')).toContain(`const unsigned int g_model_len = ${r.modelSizeBytes};`);
  }, 60_000);

  it('refuses a model whose TFLM arena does not fit the board\'s RAM, naming both numbers, unless --force', async () => {
    const out = mkdtempSync(join(tmpdir(), 'deploy-'));
    const args = ['deploy', 'mobilenetv2_0.35_96_c3_o2_keras', '--device', 'arduino-nano-33-ble', '--out', out, '--samples', '2', '--json', '--no-db'];
    const refused = await cli(...args);
    expect(refused.code).toBe(2);
    const errors = refused.err.trimEnd().split('\n').filter((l) => l.startsWith('error:')); // after the export's progress line
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/RAM: .* needs [\d,]+ bytes .* but arduino-nano-33-ble has 262,144/);
    const forced = await cli(...args, '--force');
    expect(forced.code, forced.err).toBe(0);
    const r = JSON.parse(forced.out);
    expect(r.fits).toBe(false);
    expect(r.arenaBytes).toBe(r.tflmArena.arenaBytes); // reference kernels on this board: exact, no rounding
  }, 120_000);

  it.each([
    [['deploy', '--out', '/tmp/x'], '--device: the target board is required'],
    [['deploy', '--device', 'esp8266', '--out', '/tmp/x'], '--device: "esp8266" is unknown'],
    [['deploy', '--device', 'stm32f746g-disco'], '--out: the output folder is required'],
  ])('rejects %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
