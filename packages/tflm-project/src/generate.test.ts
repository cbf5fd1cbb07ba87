import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Device } from '@cnn-analyzer/device';
import { stm32f746gDisco } from '@cnn-analyzer/device-stm32f746g-disco';
import { esp32 } from '@cnn-analyzer/device-esp32';
import { arduinoNano33Ble } from '@cnn-analyzer/device-arduino-nano-33-ble';
import { raspberryPiPico } from '@cnn-analyzer/device-raspberry-pi-pico';
import { generateTflmProject, projectKind } from './generate.js';
import { RESOLVER_METHODS } from './op-resolver.js';

/** Minimal stand-ins for the TFLM headers: just the API the generated code uses, so g++ can check it. */
const TFLM_STUBS: Record<string, string> = {
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
  template <typename R> MicroInterpreter(const Model* model, R& resolver, uint8_t* arena, size_t arena_size, MicroResourceVariables* resource_variables = nullptr, MicroProfilerInterface* profiler = nullptr, bool preserve_all_tensors = false);
  TfLiteStatus AllocateTensors(); TfLiteStatus Invoke(); TfLiteTensor* input(size_t i); TfLiteTensor* output(size_t i);
}; }`,
};

/** The framework APIs each layout calls, declared as the vendors' headers declare them. */
const FRAMEWORK_STUBS: Record<string, Record<string, string>> = {
  'stm32cube': {
    'main.h': `#pragma once
#include <cstdint>
typedef struct { volatile uint32_t DEMCR; } CoreDebug_Type; typedef struct { volatile uint32_t CTRL; volatile uint32_t CYCCNT; } DWT_Type;
extern CoreDebug_Type* CoreDebug; extern DWT_Type* DWT; extern uint32_t SystemCoreClock;
#define CoreDebug_DEMCR_TRCENA_Msk (1UL << 24)
#define DWT_CTRL_CYCCNTENA_Msk (1UL)
int HAL_Init(void); uint32_t ITM_SendChar(uint32_t ch);`,
  },
  'esp-idf': {
    'esp_cpu.h': '#pragma once\n#include <cstdint>\ntypedef uint32_t esp_cpu_cycle_count_t;\nextern "C" esp_cpu_cycle_count_t esp_cpu_get_cycle_count(void);',
    'esp_rom_sys.h': '#pragma once\n#include <cstdint>\nextern "C" uint32_t esp_rom_get_cpu_ticks_per_us(void);',
  },
  'arduino-sketch': {
    'Arduino.h': `#pragma once
#include <cstdint>
// the CMSIS core names the Arduino mbed cores (Nano 33 BLE) bring in
typedef struct { volatile uint32_t DEMCR; } CoreDebug_Type; typedef struct { volatile uint32_t CTRL; volatile uint32_t CYCCNT; } DWT_Type;
extern CoreDebug_Type* CoreDebug; extern DWT_Type* DWT; extern uint32_t SystemCoreClock;
#define CoreDebug_DEMCR_TRCENA_Msk (1UL << 24)
#define DWT_CTRL_CYCCNTENA_Msk (1UL)
unsigned long micros(void);
struct SerialStub { void begin(unsigned long baud); explicit operator bool() const; unsigned print(const char* s); };
extern SerialStub Serial;`,
    'TensorFlowLite.h': '#pragma once',
  },
};

const MODEL = {
  name: 'mobilenetv1_0.25_96_c3_o2',
  cArray: { header: '#pragma once\nextern const unsigned char g_model[];\nextern const unsigned int g_model_len;\n', source: '#include "model_data.h"\nalignas(16) const unsigned char g_model[] = {0x1c};\nconst unsigned int g_model_len = 1;\n' },
  ops: ['CONV_2D', 'DEPTHWISE_CONV_2D', 'CONV_2D', 'AVERAGE_POOL_2D', 'RESHAPE', 'FULLY_CONNECTED', 'SOFTMAX'],
  arenaBytes: 60_000,
  inputElements: 96 * 96 * 3,
  inputType: 'int8' as const,
  outputElements: 2,
  operatorCount: 31,
  modelSha256: 'ab'.repeat(32),
};

/** Write files and stubs to a fresh folder; compile every C++ source of the project with g++ -fsyntax-only. */
function syntaxCheck(files: Record<string, string>, kind: string, srcDir: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), `tflm-${kind}-`));
  const stubs = { ...TFLM_STUBS, ...FRAMEWORK_STUBS[kind] };
  for (const [path, content] of Object.entries({ ...files, ...Object.fromEntries(Object.entries(stubs).map(([p, c]) => [`stubs/${p}`, c])) })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const sources = Object.keys(files).filter((f) => f.startsWith(`${srcDir}/`) && /\.(cc|cpp|ino)$/.test(f));
  for (const f of sources) {
    execFileSync('g++', ['-std=c++17', '-Wall', '-Werror', '-fsyntax-only', ...(f.endsWith('.ino') ? ['-x', 'c++'] : []), '-I', join(dir, 'stubs'), '-I', join(dir, srcDir), join(dir, f)], { stdio: 'pipe' });
  }
  return sources;
}

describe('TFLM project generator', () => {
  const files = generateTflmProject({ ...MODEL, device: stm32f746gDisco });

  it('lists exactly the operators the model uses in the resolver, and the planned arena', () => {
    const inference = files['src/inference.cc']!;
    expect(inference).toContain('tflite::MicroMutableOpResolver<6> resolver;');
    expect(inference.match(/resolver\.Add\w+\(\);/g)).toEqual([
      'resolver.AddAveragePool2D();', 'resolver.AddConv2D();', 'resolver.AddDepthwiseConv2D();',
      'resolver.AddFullyConnected();', 'resolver.AddReshape();', 'resolver.AddSoftmax();',
    ]);
    expect(inference).toContain('constexpr int kArenaSize = 60000;');
    expect(files['platformio.ini']).toContain('platform = ststm32\nboard = disco_f746ng\nframework = stm32cube');
  });

  it.each([
    [stm32f746gDisco, 'stm32cube', 'src', ['src/main.cc', 'src/board_stm32cube.cc', 'src/inference.cc', 'src/model_data.cc'], 'int main()', 'uint32_t board_cycles() { return DWT->CYCCNT; }'],
    [esp32, 'esp-idf', 'main', ['main/main.cc', 'main/inference.cc', 'main/model_data.cc'], 'extern "C" void app_main()', 'uint32_t board_cycles() { return static_cast<uint32_t>(esp_cpu_get_cycle_count()); }'],
    [arduinoNano33Ble, 'arduino-sketch', 'mobilenetv1_0_25_96_c3_o2', ['mobilenetv1_0_25_96_c3_o2/mobilenetv1_0_25_96_c3_o2.ino', 'mobilenetv1_0_25_96_c3_o2/inference.cpp', 'mobilenetv1_0_25_96_c3_o2/model_data.cpp'], 'void setup()', 'uint32_t board_cycles() { return DWT->CYCCNT; }'],
    [raspberryPiPico, 'arduino-sketch', 'mobilenetv1_0_25_96_c3_o2', ['mobilenetv1_0_25_96_c3_o2/mobilenetv1_0_25_96_c3_o2.ino', 'mobilenetv1_0_25_96_c3_o2/inference.cpp', 'mobilenetv1_0_25_96_c3_o2/model_data.cpp'], 'void loop()', 'uint32_t board_cycles_hz() { return 1000000U; }'],
  ].map(([d, kind, ...rest]) => [(d as Device).name, kind, d, ...rest]) as [string, string, Device, string, string[], string, string][])('%s: a %s project whose sources pass g++ -fsyntax-only against minimal headers', (_name, kind, device, srcDir, sources, entry, counter) => {
    const project = generateTflmProject({ ...MODEL, device });
    expect(projectKind(device)).toBe(kind);
    expect(project['platformio.ini']).toContain(`src_dir = ${srcDir}\n`);
    expect(project['platformio.ini']).toContain(`board = ${device.platformio!.board}\nframework = ${device.platformio!.framework}`);
    expect(syntaxCheck(project, kind, srcDir).sort()).toEqual([...sources].sort());
    expect(Object.entries(project).find(([f]) => f === sources[0])![1]).toContain(entry);
    // each inference prints the JSON lines `measure` reads: the model hash and counter rate, each operator, the total
    const all = Object.values(project).join('\n');
    expect(all).toContain(`constexpr char kModelSha256[] = "${'ab'.repeat(32)}";`);
    expect(all).toContain('board_printf("{\\"event\\":\\"op\\",\\"index\\":%lu,\\"op\\":\\"%s\\",\\"cycles\\":%lu}\\n"');
    expect(all).toContain('static tflite::MicroInterpreter static_interpreter(model, resolver, tensor_arena, kArenaSize, nullptr, &profiler);');
    expect(all).toContain(counter);
  });

  it('refuses an operator it cannot register', () => {
    expect(() => generateTflmProject({ ...MODEL, device: stm32f746gDisco, ops: ['LSTM'] })).toThrow(
      'operator LSTM has no MicroMutableOpResolver method known to the project generator',
    );
  });
});
