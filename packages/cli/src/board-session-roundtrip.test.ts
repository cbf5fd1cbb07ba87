import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stm32f746gDisco } from '@cnn-analyzer/device-stm32f746g-disco';
import { generateTflmProject } from '@cnn-analyzer/tflm-project';
import { BoardSessionReader } from './board-session.js';

// The generated inference code, compiled for this machine against a stand-in TFLM whose interpreter runs three
// operators and calls the profiler around each, as TFLM's MicroInterpreterGraph does (tag: the operator's name).
// The host board's counter advances 1000 per read, so each operator takes 1000 counts and an inference 7000
// (start, 3 × begin/end, end): the lines it prints must come back through `measure`'s reader as exactly that.
const hasGpp = spawnSync('g++', ['--version']).status === 0;
const SHA = 'c0ffee'.padEnd(64, '0');

const HOST: Record<string, string> = {
  'tensorflow/lite/c/common.h': `#pragma once
#include <cstdint>
#include <cstddef>
typedef enum { kTfLiteOk = 0, kTfLiteError = 1 } TfLiteStatus;
typedef union { int8_t* int8; float* f; } TfLitePtrUnion;
typedef struct { TfLitePtrUnion data; size_t bytes; } TfLiteTensor;`,
  'tensorflow/lite/schema/schema_generated.h': `#pragma once
#include <cstdint>
#define TFLITE_SCHEMA_VERSION 3
namespace tflite { struct Model { uint32_t version() const { return 3; } }; inline const Model* GetModel(const void*) { static Model m; return &m; } }`,
  'tensorflow/lite/micro/micro_mutable_op_resolver.h': `#pragma once
#include "tensorflow/lite/c/common.h"
namespace tflite { template <unsigned N> class MicroMutableOpResolver { public:
  TfLiteStatus AddConv2D() { return kTfLiteOk; } TfLiteStatus AddDepthwiseConv2D() { return kTfLiteOk; } TfLiteStatus AddSoftmax() { return kTfLiteOk; }
}; }`,
  'tensorflow/lite/micro/micro_profiler_interface.h': `#pragma once
#include <cstdint>
namespace tflite { class MicroProfilerInterface { public:
  virtual ~MicroProfilerInterface() {}
  virtual uint32_t BeginEvent(const char* tag) = 0;
  virtual void EndEvent(uint32_t event_handle) = 0;
}; }`,
  'tensorflow/lite/micro/micro_interpreter.h': `#pragma once
#include <cstdint>
#include <cstddef>
#include "tensorflow/lite/c/common.h"
#include "tensorflow/lite/micro/micro_profiler_interface.h"
#include "tensorflow/lite/schema/schema_generated.h"
namespace tflite { class MicroResourceVariables; class MicroInterpreter { public:
  template <typename R> MicroInterpreter(const Model*, R&, uint8_t*, size_t, MicroResourceVariables* = nullptr, MicroProfilerInterface* profiler = nullptr, bool = false) : profiler_(profiler) {}
  TfLiteStatus AllocateTensors() { in_.data.int8 = in_buf_; out_.data.int8 = out_buf_; return kTfLiteOk; }
  TfLiteStatus Invoke() {
    const char* ops[] = {"CONV_2D", "DEPTHWISE_CONV_2D", "SOFTMAX"};
    for (const char* op : ops) { uint32_t h = profiler_->BeginEvent(op); profiler_->EndEvent(h); }
    out_buf_[0] = -128; out_buf_[1] = 127; return kTfLiteOk;
  }
  TfLiteTensor* input(size_t) { return &in_; } TfLiteTensor* output(size_t) { return &out_; }
 private: MicroProfilerInterface* profiler_; TfLiteTensor in_{}, out_{}; int8_t in_buf_[12] = {}; int8_t out_buf_[2] = {};
}; }`,
  'host_main.cc': `#include <cstdarg>
#include <cstdio>
#include "board.h"
#include "inference.h"
static uint32_t counter = 0;
void board_init() {}
uint32_t board_cycles() { return counter += 1000; }
uint32_t board_cycles_hz() { return 216000000U; }
int board_printf(const char* format, ...) { va_list a; va_start(a, format); const int n = vprintf(format, a); va_end(a); return n; }
int main() { board_init(); if (!inference_setup()) return 1; for (int i = 0; i < 2; ++i) if (!inference_run()) return 1; return 0; }`,
};

describe.skipIf(!hasGpp)('the lines a generated project prints round-trip through measure\'s reader', () => {
  it('two inferences of three operators come back as two complete runs with the counts the board took', () => {
    const files = generateTflmProject({
      name: 'tiny',
      device: stm32f746gDisco,
      cArray: { header: '#pragma once\nextern const unsigned char g_model[];\n', source: '#include "model_data.h"\nalignas(16) const unsigned char g_model[] = {0x1c};\n' },
      ops: ['CONV_2D', 'DEPTHWISE_CONV_2D', 'SOFTMAX'],
      operatorCount: 3,
      modelSha256: SHA,
      arenaBytes: 1024,
      inputElements: 12,
      inputType: 'int8',
      outputElements: 2,
    });
    const dir = mkdtempSync(join(tmpdir(), 'roundtrip-'));
    for (const [path, content] of Object.entries({ ...HOST, 'src/inference.cc': files['src/inference.cc']!, 'src/inference.h': files['src/inference.h']!, 'src/board.h': files['src/board.h']!, 'src/model_data.h': files['src/model_data.h']!, 'src/model_data.cc': files['src/model_data.cc']! })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const exe = join(dir, 'host');
    execFileSync('g++', ['-std=c++17', '-Wall', '-Werror', '-I', dir, '-I', join(dir, 'src'), join(dir, 'host_main.cc'), join(dir, 'src/inference.cc'), join(dir, 'src/model_data.cc'), '-o', exe], { stdio: 'pipe' });
    const out = execFileSync(exe, { encoding: 'utf8' });
    const reader = new BoardSessionReader(SHA, 'tiny');
    for (const line of out.split('\n')) reader.push(line);
    const session = reader.finish();
    expect(session.incompleteRuns).toBe(0);
    expect(session.garbageLines).toBe(2); // the two "scores: -128 127" lines
    expect(session.runs).toEqual([1, 2].map(() => ({
      model: SHA,
      clockHz: 216_000_000,
      ops: [{ index: 0, op: 'CONV_2D', cycles: 1000 }, { index: 1, op: 'DEPTHWISE_CONV_2D', cycles: 1000 }, { index: 2, op: 'SOFTMAX', cycles: 1000 }],
      totalCycles: 7000,
    })));
  });
});
