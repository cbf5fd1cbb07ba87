import { describe, expect, it } from 'vitest';
import { prefixedNames } from './layer-names.js';

describe('prefixedNames', () => {
  it('joins prefix and suffix, for any prefix and suffix', () => {
    const named = prefixedNames();
    const id = 3;
    const a = named(`block_${id}_`)('expand_bn');
    expect(a).toBe('block_3_expand_bn');
    expect(named(`block_${id}_`)('expand_bn')).toBe(a);
    expect(named('conv_dw_3')('')).toBe('conv_dw_3');
    expect(named('block_4_')('expand_bn')).toBe('block_4_expand_bn');
  });
});
