import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toCArray } from './c-array.js';
import { REFERENCE_MODELS_DIR } from '../tflite/reference-models.js';

describe('toCArray', () => {
  it('compiles with g++ and holds the exact bytes, 16-byte aligned, with the length constant', () => {
    const bytes = new Uint8Array(readFileSync(join(REFERENCE_MODELS_DIR, 'tflm/tensorflow/lite/micro/examples/hello_world/models/hello_world_int8.tflite')));
    const { header, source } = toCArray(bytes, { name: 'g_model' });
    const dir = mkdtempSync(join(tmpdir(), 'carray-'));
    writeFileSync(join(dir, 'g_model.h'), header);
    writeFileSync(join(dir, 'g_model.cc'), source);
    // A checker program compiled against the generated files: prints the length, the alignment and a checksum.
    writeFileSync(
      join(dir, 'main.cc'),
      '#include <cstdio>\n#include <cstdint>\n#include "g_model.h"\nint main(){unsigned long s=0;for(unsigned i=0;i<g_model_len;i++)s=(s*31+g_model[i])%1000000007UL;' +
        'std::printf("%u %d %lu\\n", g_model_len, (int)(reinterpret_cast<std::uintptr_t>(g_model) % 16), s);}\n',
    );
    execFileSync('g++', ['-std=c++17', '-Wall', '-Werror', '-o', join(dir, 'check'), join(dir, 'main.cc'), join(dir, 'g_model.cc')], { cwd: dir });
    const [len, align, sum] = execFileSync(join(dir, 'check'), { encoding: 'utf8' }).trim().split(' ').map(Number);
    let expected = 0;
    for (const b of bytes) expected = (expected * 31 + b) % 1_000_000_007;
    expect(len).toBe(bytes.length);
    expect(align).toBe(0);
    expect(sum).toBe(expected);
    expect(header).toContain('#ifndef G_MODEL_H_');
  });

  it('rejects a name that is not a C identifier', () => {
    expect(() => toCArray(new Uint8Array(1), { name: 'my-model' })).toThrow('C array name "my-model": must be a C identifier');
  });
});
