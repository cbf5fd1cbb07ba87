import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

/** TFLM `MicroMutableOpResolver` registration method of each builtin operator we export. */
export const RESOLVER_METHODS: Readonly<Record<string, string>> = {
  CONV_2D: 'AddConv2D',
  DEPTHWISE_CONV_2D: 'AddDepthwiseConv2D',
  FULLY_CONNECTED: 'AddFullyConnected',
  AVERAGE_POOL_2D: 'AddAveragePool2D',
  MAX_POOL_2D: 'AddMaxPool2D',
  RESHAPE: 'AddReshape',
  SOFTMAX: 'AddSoftmax',
  ADD: 'AddAdd',
  MUL: 'AddMul',
  CONCATENATION: 'AddConcatenation',
  MEAN: 'AddMean',
  PAD: 'AddPad',
  HARD_SWISH: 'AddHardSwish',
  LOGISTIC: 'AddLogistic',
  RELU: 'AddRelu',
  RELU6: 'AddRelu6',
  SPLIT: 'AddSplit',
  TRANSPOSE: 'AddTranspose',
  QUANTIZE: 'AddQuantize',
  DEQUANTIZE: 'AddDequantize',
};

/** The resolver lines for exactly the operators a model uses (each once, sorted). */
export function resolverLines(ops: readonly string[]): string[] {
  return [...new Set(ops)].sort().map((op) => {
    const method = RESOLVER_METHODS[op];
    if (!method) throw new CnnAnalyzerError(`operator ${op} has no MicroMutableOpResolver method known to the project generator`, 'ops', op);
    return `  resolver.${method}();`;
  });
}
