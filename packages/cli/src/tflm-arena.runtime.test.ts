import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { createTfliteRunner, readTflite, tflmDescriptionOf, tfliteToGraph, withOfflinePlan, writeTflite } from '@cnn-analyzer/exporter';
import { tflmArena, tflmOfflinePlan } from '@cnn-analyzer/memory-planner';
import { analyzeGraph } from '@cnn-analyzer/metrics';
import { BUILTIN_ARCHITECTURES } from './architectures.js';
import { exportInt8 } from './export-model.js';
import { captureIo } from './io.js';
import { resolveModel } from './model-spec.js';

/** Stock TFLM (reference kernels) built from tflite-micro 90b983c2: the ground truth. */
const TFLM_RUN = resolve(__dirname, '../../../../shared/tools/tflm/tflm-run');

interface TflmResult {
  ok: boolean;
  stage: string;
  arena_used_bytes: number;
  outputs?: { values: number[] }[];
  record?: { head_non_persistent_bytes: number };
  log: string;
}

const dir = mkdtempSync(join(tmpdir(), 'tflm-arena-'));

/** Run a file in tflm-run in a child process with a timeout (TFLM can crash on too small an arena). */
function tflm(file: string, arenaBytes: number, record = false, dumpInput?: string): TflmResult {
  const r = spawnSync(TFLM_RUN, [file, String(arenaBytes), 'lcg', ...(record ? [] : ['--no-record'])], {
    timeout: 30_000,
    encoding: 'utf8',
    env: { ...process.env, ...(dumpInput ? { TFLM_DUMP_INPUT: dumpInput } : {}) },
  });
  if (r.status !== 0 && r.status !== 1) return { ok: false, stage: `crash (${r.signal ?? r.status})`, arena_used_bytes: 0, log: r.stderr };
  return JSON.parse(r.stdout) as TflmResult;
}

/**
 * Every example variation except the three 224×224 ImageNet-size ones (1000-class heads: tflm-run
 * aborts on files of 2.8-6 MB, and each export takes half a minute).
 */
const EXAMPLES = BUILTIN_ARCHITECTURES.flatMap((a) => a.examples ?? []).filter((e) => !e.includes('_224_'));

/** Check a written file against TFLM: exact arena, 16 bytes less fails, head as predicted, outputs as TFLite's. */
async function checkFile(name: string, bytes: Uint8Array): Promise<{ arenaBytes: number; headBytes: number }> {
  const file = join(dir, `${name}.tflite`);
  writeFileSync(file, bytes);
  const arena = tflmArena(tflmDescriptionOf(readTflite(bytes)));
  expect(arena.exact, name).toBe(true);
  const input = join(dir, `${name}.input`);
  const at = tflm(file, arena.arenaBytes, true, input);
  expect(at.ok, `${name} at ${arena.arenaBytes}: ${at.stage} ${at.log}`).toBe(true);
  expect(at.arena_used_bytes, name).toBe(arena.arenaBytes);
  expect(at.record!.head_non_persistent_bytes, name).toBe(arena.headBytes);
  const less = tflm(file, arena.arenaBytes - 16);
  expect(less.ok, `${name} at ${arena.arenaBytes - 16}`).toBe(false);
  const runner = await createTfliteRunner(bytes);
  const lite = runner.run([new Int8Array(readFileSync(input).buffer.slice(0))]);
  runner.dispose();
  expect(at.outputs!.map((o) => o.values), name).toEqual(lite.map((o) => [...o]));
  return { arenaBytes: arena.arenaBytes, headBytes: arena.headBytes };
}

describe.runIf(existsSync(TFLM_RUN))('tflmArena against stock TFLM (tflm-run), every example variation', () => {
  for (const example of EXAMPLES) {
    it(`${example}: default order, optimal order and the offline plan run at exactly our arena and fail 16 bytes below`, { timeout: 240_000 }, async () => {
      const io = captureIo();
      for (const order of ['default', 'optimal'] as const) {
        const resolved = resolveModel(example);
        const exported = exportInt8(resolved, { samples: 4, seed: 1, floatIO: false, stripNames: false, order }, io);
        exported.tfModel.dispose();
        const online = await checkFile(`${example}-${order}`, exported.bytes);
        // the reader reads our own export back with the same operators and shapes
        const back = tfliteToGraph(readTflite(exported.bytes), example).graph;
        expect(analyzeGraph(back).totals.macs, `${example} read back: MACs`).toBe(analyzeGraph(resolved.graph).totals.macs);
        expect(back.tensors[back.outputs[0]!]!.shape).toEqual(resolved.graph.tensors[resolved.graph.outputs[0]!]!.shape);
        const plan = tflmOfflinePlan(tflmDescriptionOf(exported.tflite));
        expect(plan.greedyHeadBytes).toBe(online.headBytes);
        const offline = await checkFile(`${example}-${order}-offline`, writeTflite(withOfflinePlan(exported.tflite, plan.offsets)));
        expect(offline.headBytes, `${example} offline head`).toBe(plan.headBytes);
        expect(offline.headBytes).toBeLessThanOrEqual(online.headBytes);
        if (example === 'mobilenetv1_0.25_96_c3_o2' && order === 'default') {
          // the reference figures: TFLM's greedy head 73,728 B, the planner's placement 55,296 B
          expect(online.headBytes).toBe(73_728);
          expect(offline.headBytes).toBe(55_296);
        }
      }
    });
  }
});
