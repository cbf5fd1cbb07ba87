import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stm32f746gDisco } from '@cnn-analyzer/device-stm32f746g-disco';
import { generateTflmProject } from './generate.js';
import { RESOLVER_METHODS } from './op-resolver.js';

/** Minimal stand-ins for the TFLM headers: just the API the generated code uses, so g++ can check it. */
const STUBS: Record<string, string> = {
  'tensorflow/lite/schema/schema_generated.h': `#pragma once
#include <cstdint>
#define TFLITE_SCHEMA_VERSION 3
namespace tflite { struct Model { uint32_t version() const; }; const Model* GetModel(const void* buf); }`,
  'tensorflow/lite/micro/micro_mutable_op_resolver.h': `#pragma once
#include "tensorflow/lite/c/common.h"
namespace tflite { template <unsigned N> class MicroMutableOpResolver { public:
${Object.values(RESOLVER_METHODS).map((m) => `  TfLiteStatus ${m}();`).join('\n')}
}; }`,
  'tensorflow/lite/c/common.h': `#pragma once
#include <cstdint>
#include <cstddef>
typedef enum { kTfLiteOk = 0, kTfLiteError = 1 } TfLiteStatus;
typedef union { int8_t* int8; float* f; } TfLitePtrUnion;
typedef struct { TfLitePtrUnion data; size_t bytes; } TfLiteTensor;`,
  'tensorflow/lite/micro/micro_interpreter.h': `#pragma once
#include <cstdint>
#include <cstddef>
#include "tensorflow/lite/c/common.h"
#include "tensorflow/lite/schema/schema_generated.h"
namespace tflite { class MicroInterpreter { public:
  template <typename R> MicroInterpreter(const Model* model, R& resolver, uint8_t* arena, size_t arena_size);
  TfLiteStatus AllocateTensors(); TfLiteStatus Invoke(); TfLiteTensor* input(size_t i); TfLiteTensor* output(size_t i);
}; }`,
};

describe('TFLM project generator', () => {
  const files = generateTflmProject({
    name: 'mobilenetv1_0.25_96_c3_o2',
    device: stm32f746gDisco,
    cArray: { header: '#pragma once\nextern const unsigned char g_model[];\nextern const unsigned int g_model_len;\n', source: '#include "model_data.h"\nalignas(16) const unsigned char g_model[] = {0x1c};\nconst unsigned int g_model_len = 1;\n' },
    ops: ['CONV_2D', 'DEPTHWISE_CONV_2D', 'CONV_2D', 'AVERAGE_POOL_2D', 'RESHAPE', 'FULLY_CONNECTED', 'SOFTMAX'],
    arenaBytes: 60_000,
    inputElements: 96 * 96 * 3,
    inputType: 'int8',
    outputElements: 2,
  });

  it('lists exactly the operators the model uses in the resolver, and the planned arena', () => {
    const main = files['src/main.cc']!;
    expect(main).toContain('tflite::MicroMutableOpResolver<6> resolver;');
    expect(main.match(/resolver\.Add\w+\(\);/g)).toEqual([
      'resolver.AddAveragePool2D();', 'resolver.AddConv2D();', 'resolver.AddDepthwiseConv2D();',
      'resolver.AddFullyConnected();', 'resolver.AddReshape();', 'resolver.AddSoftmax();',
    ]);
    expect(main).toContain('constexpr int kArenaSize = 60000;');
    expect(files['platformio.ini']).toContain('board = disco_f746ng');
  });

  it('passes g++ -fsyntax-only against minimal TFLM headers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tflm-project-'));
    for (const [path, content] of Object.entries({ ...files, ...Object.fromEntries(Object.entries(STUBS).map(([p, c]) => [`stubs/${p}`, c])) })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    execFileSync('g++', ['-std=c++17', '-Wall', '-Werror', '-fsyntax-only', '-I', join(dir, 'stubs'), '-I', join(dir, 'src'), join(dir, 'src/main.cc'), join(dir, 'src/model_data.cc')], { stdio: 'pipe' });
  });

  it('refuses an operator it cannot register', () => {
    expect(() => generateTflmProject({ name: 'x', device: stm32f746gDisco, cArray: { header: '', source: '' }, ops: ['LSTM'], arenaBytes: 1, inputElements: 1, inputType: 'int8', outputElements: 1 })).toThrow(
      'operator LSTM has no MicroMutableOpResolver method known to the project generator',
    );
  });
});
