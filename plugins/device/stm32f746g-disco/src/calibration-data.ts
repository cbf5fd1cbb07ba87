import type { CalibrationPoint, Features, LatencyFeature } from '@cnn-analyzer/device';
import { CHANNEL_GROUP } from '@cnn-analyzer/device';

/** Board clock of the study's runs, Hz. */
export const F746_CLOCK_HZ = 216_000_000;

const STUDY =
  'CNN Analyzer study, STM32F746G-Disco at 216 MHz, X-CUBE-AI 8.0 `validate` on target (subrockmann/tiny_cnn, notebook "MCU Inference Analysis.ipynb", commit e2c85dde; as tabulated in shared/data/latency-calibration/stm32f746-xcubeai-per-node.json)';

/** How one node of the study's MobileNet v3 profile is read: its operator and shape. */
type Reading =
  | readonly ['pw', cin: number, cout: number, pixels: number]
  | readonly ['dw', kernel: number, channels: number, pixels: number]
  | readonly ['dense', inputs: number, units: number]
  | readonly ['pad', channels: number, paddedPixels: number]
  | readonly ['pool', inputElements: number]
  | readonly ['add' | 'addConst' | 'mul' | 'mulConst' | 'unary', elements: number]
  | readonly ['skip', 0];

/** One node: X-CUBE-AI's index, node type, name, MACC and params as it reports them, ms, and how it is read. */
type Node = readonly [idx: number, type: string, name: string, macc: number, params: number, ms: number, reading: Reading];

/**
 * The study's 100-node X-CUBE-AI profile of `mobilenetv3smallNSQ_0.25_96_c3_o2_se4l128.MV3` (hard-swish built
 * from tf.math ops, so the converter emits multiply-by-constant, add-constant, clip and multiply nodes). Nodes
 * missing from the study's plot data (idx 7, 14, 20, …: depthwise convolutions behind a pad node and the clip
 * of each hard-swish) are missing here. The reading of each node is CNN Analyzer's, from X-CUBE-AI's node type,
 * name, MACC (= MACs + one bias add per output channel) and params, and the order of the nodes: Conv2D nodes
 * whose MACC is k²·C·pixels + C are depthwise; in each hard-swish the nodes run ×⅙ (constant), +3 (constant),
 * clip, × input; an elementwise node alone after a projection is the residual ADD; Pad nodes write
 * (h + 2)·(w + 2)·C bytes for the 3×3 depthwise after them. Node 0 (`Conv2dPool` on the input, MACC 0) is the
 * first convolution merged with X-CUBE-AI's input stage; its content is not certain, so it is not used.
 */
// prettier-ignore
export const MV3_NODES: readonly Node[] = [
  [0, "Conv2dPool", "serving_default_input_20", 0, 0, 12.699, ['skip', 0]],
  [1, "EltwiseInt", "mobilenetv3smallNSQ_tf_math_multiply_18_Mul_y", 0, 1, 1.233, ['mulConst', 36864]],
  [2, "EltwiseInt", "mobilenetv3smallNSQ_tf_math_add_18_Add_y", 0, 1, 6.23, ['addConst', 36864]],
  [3, "EltwiseInt", "mobilenetv3smallNSQ_tf_clip_by_value_18_clip_by_value_Minimum", 0, 1, 1.045, ['unary', 36864]],
  [4, "EltwiseInt", "eltwise_5", 36864, 0, 1.607, ['mul', 36864]],
  [5, "Conv2D", "conv2d_6", 589840, 272, 4.956, ['pw', 16, 16, 2304]],
  [6, "Pad", "conv2d_7", 331792, 160, 0.13, ['pad', 16, 2500]],
  [8, "Conv2D", "conv2d_8", 294920, 136, 2.437, ['pw', 16, 8, 2304]],
  [9, "Conv2D", "conv2d_9", 737320, 360, 11.017, ['pw', 8, 40, 2304]],
  [10, "Conv2D", "conv2d_10", 190480, 400, 3.882, ['dw', 3, 40, 529]],
  [11, "Conv2D", "conv2d_11", 169288, 328, 1.072, ['pw', 40, 8, 529]],
  [12, "Conv2D", "conv2d_12", 135456, 288, 1.911, ['pw', 8, 32, 529]],
  [13, "Pad", "conv2d_13", 152384, 320, 0.053, ['pad', 32, 625]],
  [15, "Conv2D", "conv2d_14", 135432, 264, 0.845, ['pw', 32, 8, 529]],
  [16, "EltwiseInt", "eltwise_15", 4232, 0, 0.848, ['add', 4232]],
  [17, "Conv2D", "conv2d_16", 135456, 288, 1.915, ['pw', 8, 32, 529]],
  [18, "EltwiseInt", "eltwise_17", 16928, 0, 0.558, ['mulConst', 16928]],
  [19, "EltwiseInt", "eltwise_18", 16928, 0, 2.854, ['addConst', 16928]],
  [21, "EltwiseInt", "eltwise_21", 16928, 0, 0.724, ['mul', 16928]],
  [22, "Conv2D", "conv2d_22", 80032, 832, 1.519, ['dw', 5, 32, 100]],
  [23, "EltwiseInt", "eltwise_23", 3200, 0, 0.113, ['mulConst', 3200]],
  [24, "EltwiseInt", "eltwise_24", 3200, 0, 0.542, ['addConst', 3200]],
  [26, "EltwiseInt", "eltwise_27", 3200, 0, 0.142, ['mul', 3200]],
  [27, "Conv2D", "conv2d_28", 51216, 528, 0.354, ['pw', 32, 16, 100]],
  [28, "Conv2D", "conv2d_29", 153696, 1632, 1.388, ['pw', 16, 96, 100]],
  [29, "EltwiseInt", "eltwise_30", 9600, 0, 0.32, ['mulConst', 9600]],
  [30, "EltwiseInt", "eltwise_31", 9600, 0, 1.616, ['addConst', 9600]],
  [32, "EltwiseInt", "eltwise_34", 9600, 0, 0.409, ['mul', 9600]],
  [33, "Conv2D", "conv2d_35", 240096, 2496, 4.466, ['dw', 5, 96, 100]],
  [34, "EltwiseInt", "eltwise_36", 9600, 0, 0.321, ['mulConst', 9600]],
  [35, "EltwiseInt", "eltwise_37", 9600, 0, 1.617, ['addConst', 9600]],
  [37, "EltwiseInt", "eltwise_40", 9600, 0, 0.41, ['mul', 9600]],
  [38, "Conv2D", "conv2d_41", 153616, 1552, 0.822, ['pw', 96, 16, 100]],
  [39, "EltwiseInt", "eltwise_42", 1600, 0, 0.324, ['add', 1600]],
  [40, "Conv2D", "conv2d_43", 153696, 1632, 1.389, ['pw', 16, 96, 100]],
  [41, "EltwiseInt", "eltwise_44", 9600, 0, 0.32, ['mulConst', 9600]],
  [42, "EltwiseInt", "eltwise_45", 9600, 0, 1.616, ['addConst', 9600]],
  [44, "EltwiseInt", "eltwise_48", 9600, 0, 0.409, ['mul', 9600]],
  [45, "Conv2D", "conv2d_49", 240096, 2496, 4.481, ['dw', 5, 96, 100]],
  [46, "EltwiseInt", "eltwise_50", 9600, 0, 0.321, ['mulConst', 9600]],
  [47, "EltwiseInt", "eltwise_51", 9600, 0, 1.618, ['addConst', 9600]],
  [49, "EltwiseInt", "eltwise_54", 9600, 0, 0.412, ['mul', 9600]],
  [50, "Conv2D", "conv2d_55", 153616, 1552, 0.841, ['pw', 96, 16, 100]],
  [51, "EltwiseInt", "eltwise_56", 1600, 0, 0.324, ['add', 1600]],
  [52, "Conv2D", "conv2d_57", 76848, 816, 0.699, ['pw', 16, 48, 100]],
  [53, "EltwiseInt", "eltwise_58", 4800, 0, 0.165, ['mulConst', 4800]],
  [54, "EltwiseInt", "eltwise_59", 4800, 0, 0.81, ['addConst', 4800]],
  [56, "EltwiseInt", "eltwise_62", 4800, 0, 0.208, ['mul', 4800]],
  [57, "Conv2D", "conv2d_63", 120048, 1248, 2.467, ['dw', 5, 48, 100]],
  [58, "EltwiseInt", "eltwise_64", 4800, 0, 0.165, ['mulConst', 4800]],
  [59, "EltwiseInt", "eltwise_65", 4800, 0, 0.81, ['addConst', 4800]],
  [61, "EltwiseInt", "eltwise_68", 4800, 0, 0.209, ['mul', 4800]],
  [62, "Conv2D", "conv2d_69", 76816, 784, 0.454, ['pw', 48, 16, 100]],
  [63, "EltwiseInt", "eltwise_70", 1600, 0, 0.324, ['add', 1600]],
  [64, "Conv2D", "conv2d_71", 76848, 816, 0.698, ['pw', 16, 48, 100]],
  [65, "EltwiseInt", "eltwise_72", 4800, 0, 0.165, ['mulConst', 4800]],
  [66, "EltwiseInt", "eltwise_73", 4800, 0, 0.81, ['addConst', 4800]],
  [68, "EltwiseInt", "eltwise_76", 4800, 0, 0.208, ['mul', 4800]],
  [69, "Conv2D", "conv2d_77", 120048, 1248, 2.468, ['dw', 5, 48, 100]],
  [70, "EltwiseInt", "eltwise_78", 4800, 0, 0.165, ['mulConst', 4800]],
  [71, "EltwiseInt", "eltwise_79", 4800, 0, 0.81, ['addConst', 4800]],
  [73, "EltwiseInt", "eltwise_82", 4800, 0, 0.208, ['mul', 4800]],
  [74, "Conv2D", "conv2d_83", 76816, 784, 0.454, ['pw', 48, 16, 100]],
  [75, "EltwiseInt", "eltwise_84", 1600, 0, 0.324, ['add', 1600]],
  [76, "Conv2D", "conv2d_85", 153696, 1632, 1.387, ['pw', 16, 96, 100]],
  [77, "EltwiseInt", "eltwise_86", 9600, 0, 0.32, ['mulConst', 9600]],
  [78, "EltwiseInt", "eltwise_87", 9600, 0, 1.616, ['addConst', 9600]],
  [80, "EltwiseInt", "eltwise_90", 9600, 0, 0.409, ['mul', 9600]],
  [81, "Conv2D", "conv2d_91", 21696, 2496, 0.545, ['dw', 5, 96, 9]],
  [82, "EltwiseInt", "eltwise_92", 864, 0, 0.037, ['mulConst', 864]],
  [83, "EltwiseInt", "eltwise_93", 864, 0, 0.15, ['addConst', 864]],
  [85, "EltwiseInt", "eltwise_96", 864, 0, 0.044, ['mul', 864]],
  [86, "Conv2D", "conv2d_97", 20760, 2328, 0.191, ['pw', 96, 24, 9]],
  [87, "Conv2D", "conv2d_98", 31248, 3600, 0.563, ['pw', 24, 144, 9]],
  [88, "EltwiseInt", "eltwise_99", 1296, 0, 0.051, ['mulConst', 1296]],
  [89, "EltwiseInt", "eltwise_100", 1296, 0, 0.222, ['addConst', 1296]],
  [91, "EltwiseInt", "eltwise_103", 1296, 0, 0.062, ['mul', 1296]],
  [92, "Conv2D", "conv2d_104", 32544, 3744, 0.835, ['dw', 5, 144, 9]],
  [93, "EltwiseInt", "eltwise_105", 1296, 0, 0.051, ['mulConst', 1296]],
  [94, "EltwiseInt", "eltwise_106", 1296, 0, 0.222, ['addConst', 1296]],
  [96, "EltwiseInt", "eltwise_109", 1296, 0, 0.062, ['mul', 1296]],
  [97, "Conv2D", "conv2d_110", 31128, 3480, 0.255, ['pw', 144, 24, 9]],
  [98, "EltwiseInt", "eltwise_111", 216, 0, 0.048, ['add', 216]],
  [99, "Conv2D", "conv2d_112", 31248, 3600, 0.561, ['pw', 24, 144, 9]],
  [100, "EltwiseInt", "eltwise_113", 1296, 0, 0.051, ['mulConst', 1296]],
  [101, "EltwiseInt", "eltwise_114", 1296, 0, 0.222, ['addConst', 1296]],
  [103, "EltwiseInt", "eltwise_117", 1296, 0, 0.062, ['mul', 1296]],
  [104, "Conv2D", "conv2d_118", 32544, 3744, 0.839, ['dw', 5, 144, 9]],
  [105, "EltwiseInt", "eltwise_119", 1296, 0, 0.051, ['mulConst', 1296]],
  [106, "EltwiseInt", "eltwise_120", 1296, 0, 0.222, ['addConst', 1296]],
  [108, "EltwiseInt", "eltwise_123", 1296, 0, 0.062, ['mul', 1296]],
  [109, "Conv2D", "conv2d_124", 31128, 3480, 0.253, ['pw', 144, 24, 9]],
  [110, "EltwiseInt", "eltwise_125", 216, 0, 0.048, ['add', 216]],
  [111, "Conv2D", "conv2d_126", 124992, 14400, 2.212, ['pw', 24, 576, 9]],
  [112, "EltwiseInt", "eltwise_127", 5184, 0, 0.177, ['mulConst', 5184]],
  [113, "EltwiseInt", "eltwise_128", 5184, 0, 0.875, ['addConst', 5184]],
  [115, "EltwiseInt", "eltwise_131", 5184, 0, 0.224, ['mul', 5184]],
  [116, "Pool", "pool_132", 5184, 0, 0.515, ['pool', 5184]],
  [117, "Conv2D", "conv2d_133", 73856, 73856, 1.891, ['pw', 576, 128, 1]],
  [118, "Conv2D", "conv2d_134", 258, 258, 0.02, ['pw', 128, 2, 1]],
];

function nodeFeatures(r: Reading, params: number): Features {
  const tail = (macs: number, channels: number): number => (macs * (channels % CHANNEL_GROUP)) / channels;
  switch (r[0]) {
    case 'pw': {
      const [, cin, cout, px] = r;
      const macs = cin * cout * px;
      return { 'mac.pointwise': macs, 'tail.cin': tail(macs, cin), 'tail.cout': tail(macs, cout), 'chan.conv': cout, 'out.conv': cout * px, 'weights.conv': params, node: 1 };
    }
    case 'dw': {
      const [, k, c, px] = r;
      const macs = k * k * c * px;
      return { 'mac.depthwise': macs, 'tail.depthwise': tail(macs, c), 'chan.depthwise': c, 'out.depthwise': c * px, 'weights.depthwise': params, node: 1 };
    }
    case 'dense':
      return { 'mac.dense': r[1] * r[2], 'out.dense': r[2], 'weights.dense': params, node: 1 };
    case 'pad':
      return { copy: r[1] * r[2], node: 1 };
    case 'pool':
      return { pool: r[1], node: 1 };
    case 'skip':
      return {};
    default:
      return { [r[0] as LatencyFeature]: r[1], node: 1 };
  }
}

/** Every fourth node of the profile is held out to test the model; the rest fit it. */
const heldOutNode = (k: number): boolean => k % 4 === 3;

/** The MobileNet v3 profile as calibration points (node 0 left out, see {@link MV3_NODES}). */
export const MV3_NODE_POINTS: readonly CalibrationPoint[] = MV3_NODES.filter((n) => n[6][0] !== 'skip').map((n, k) => ({
  label: `mobilenetv3smallNSQ_0.25 node ${n[0]} ${n[2]} (${n[6].join(' ')})`,
  ms: n[5],
  source: STUDY,
  features: nodeFeatures(n[6], n[4]),
  fit: !heldOutNode(k),
  family: 'mobilenet-v3 (per node)',
}));

/**
 * The study's split of the MLPerf Tiny VWW reference model (mobilenetv1_0.25_96_c3_o2, 66.36 ms in all) by node
 * kind. Features: the reference model's deployed operators as CNN Analyzer lowers it (checked in the plugin's test):
 * the first convolution, the other 13 convolutions, the 13 depthwise convolutions (X-CUBE-AI's pad nodes included
 * in the published time), the input quantize, average pool, dense and softmax.
 */
export const VWW_SPLIT_POINTS: readonly CalibrationPoint[] = [
  { label: 'VWW reference: first conv (3×3, 3→8, 48×48)', ms: 7.416, features: { node: 1, 'mac.first': 497_664, 'chan.conv': 8, 'out.conv': 18_432, 'weights.conv': 224 } },
  { label: 'VWW reference: the other 13 CONV_2D (1×1)', ms: 47.38 - 7.416, features: { node: 13, 'mac.pointwise': 6_193_152, 'chan.conv': 1_488, 'out.conv': 124_416, 'weights.conv': 197_712 } },
  { label: 'VWW reference: 13 DEPTHWISE_CONV_2D (with X-CUBE-AI pad nodes)', ms: 18.48, features: { node: 13, 'mac.depthwise': 798_336, 'chan.depthwise': 1_240, 'out.depthwise': 88_704, 'weights.depthwise': 12_400 } },
  { label: 'VWW reference: input quantize (96×96×3)', ms: 0.291, features: { input: 27_648 } },
  { label: 'VWW reference: average pool 3×3×256', ms: 0.181, features: { node: 1, pool: 2_304 } },
  { label: 'VWW reference: dense 256→2', ms: 0.016, features: { node: 1, 'mac.dense': 512, 'out.dense': 2, 'weights.dense': 514 } },
  { label: 'VWW reference: softmax (2)', ms: 0.006, features: { node: 1, softmax: 2 } },
].map((p) => ({ ...p, source: STUDY, fit: true, family: 'mobilenet-v1 (per node kind)' }));

/** MLPerf Tiny v1.1 X-CUBE-AI 8.0 clock (NUCLEO-H7A3ZI-Q), Hz: its cycle counts carry to the F746 (same runtime, same core family, within about 2 %). */
const H7A3_CLOCK_HZ = 280_000_000;
const MLPERF = 'MLPerf Tiny v1.1, closed division, Krai, NUCLEO-H7A3ZI-Q at 280 MHz, X-CUBE-AI 8.0 (mlcommons/tiny_results_v1.1 closed/Krai/results/NUCLEO-H7A3ZI-Q_X-CUBE-AI-8.0/*/performance/results.txt), scaled to 216 MHz';

/**
 * MLPerf Tiny whole-model times with X-CUBE-AI 8.0, rescaled to 216 MHz (same cycles). Features: the benchmark's
 * .tflite files (shared/reference-models) as CNN Analyzer lowers them (checked in the plugin's test). The VWW
 * model is left out: the study's split of the same model is already in the fit.
 */
export const MLPERF_POINTS: readonly CalibrationPoint[] = [
  { label: 'MLPerf Tiny IC ResNet-8 (54.90 ms at 280 MHz)', ms: 54.9, family: 'resnet-8', features: { node: 16, input: 3_072, 'mac.first': 442_368, 'mac.conv': 11_796_480, 'mac.pointwise': 262_144, 'chan.conv': 336, 'out.conv': 86_016, 'weights.conv': 77_056, add: 28_672, pool: 4_096, 'mac.dense': 640, 'out.dense': 10, 'weights.dense': 650, softmax: 10 } },
  { label: 'MLPerf Tiny KWS DS-CNN (16.40 ms at 280 MHz)', ms: 16.4, family: 'ds-cnn', features: { node: 13, input: 490, 'mac.first': 320_000, 'mac.depthwise': 288_000, 'mac.pointwise': 2_048_000, 'chan.conv': 320, 'chan.depthwise': 256, 'out.conv': 40_000, 'out.depthwise': 32_000, 'weights.conv': 19_264, 'weights.depthwise': 2_560, pool: 8_000, 'mac.dense': 768, 'out.dense': 12, 'weights.dense': 780, softmax: 12 } },
  { label: 'MLPerf Tiny AD autoencoder (1.83 ms at 280 MHz)', ms: 1.83, family: 'autoencoder', features: { node: 10, input: 640, 'mac.dense': 264_192, 'out.dense': 1_672, 'weights.dense': 265_864 } },
].map((p) => ({ ...p, ms: (p.ms * H7A3_CLOCK_HZ) / F746_CLOCK_HZ, source: MLPERF, fit: true }));

/** Every point the X-CUBE-AI model is fitted on or tested against (the study's whole-model times are apart: held-out-data.ts). */
export const X_CUBE_AI_POINTS: readonly CalibrationPoint[] = [...VWW_SPLIT_POINTS, ...MV3_NODE_POINTS, ...MLPERF_POINTS];

const PLUMERAI = 'Plumerai blog, "Cortex-M inference software" (2021-10-04): STM32F746G-Disco, TensorFlow Lite for Microcontrollers 2.5 with CMSIS-NN, 129 ms';
const MCUNET = 'MCUNet (Lin et al., NeurIPS 2020), latency/memory figure (mit-han-lab/mcunet assets/figures/latency_mem.png): STM32F746 at 216 MHz, CMSIS-NN column, 149 ms read from the bar';

/**
 * Published whole-model times with TFLM and CMSIS-NN kernels on the STM32F746 at 216 MHz. Features: Keras's
 * MobileNetV2 at the same α, resolution and 1000 classes as CNN Analyzer's mobilenet-v2 `keras` variation lowers
 * it (checked in the plugin's test). No per-node profile is published for this runtime on this board: the model
 * shares one cycles-per-MAC over every MAC feature. The newer TFLM 2.5 point fits it; MCUNet's older point is held out.
 */
export const TFLM_CMSIS_NN_POINTS: readonly CalibrationPoint[] = [
  {
    label: 'MobileNetV2 α=0.30, 80×80, 1000 classes (mobilenetv2_0.3_80_c3_o1000_keras), TFLM 2.5 + CMSIS-NN',
    ms: 129,
    source: PLUMERAI,
    features: { node: 69, 'mac.first': 691_200, 'chan.conv': 4_248, 'out.conv': 248_656, 'weights.conv': 305_864, input: 19_200, 'mac.depthwise': 1_115_136, 'chan.depthwise': 2_464, 'out.depthwise': 123_904, 'weights.depthwise': 24_640, 'mac.pointwise': 5_883_776, copy: 122_880, add: 10_664, pool: 11_520, 'mac.dense': 1_280_000, 'out.dense': 1_000, 'weights.dense': 1_281_000, softmax: 1_000 },
    fit: true,
    family: 'mobilenet-v2',
  },
  {
    label: 'MobileNetV2 w0.35, 64×64, 1000 classes (mobilenetv2_0.35_64_c3_o1000_keras), CMSIS-NN (MCUNet, 2020)',
    ms: 149,
    source: MCUNET,
    features: { node: 69, 'mac.first': 442_368, 'chan.conv': 4_432, 'out.conv': 155_680, 'weights.conv': 363_008, input: 12_288, 'mac.depthwise': 702_144, 'chan.depthwise': 2_608, 'out.depthwise': 78_016, 'weights.depthwise': 26_080, 'mac.pointwise': 3_590_656, copy: 78_720, add: 6_720, pool: 5_120, 'mac.dense': 1_280_000, 'out.dense': 1_000, 'weights.dense': 1_281_000, softmax: 1_000 },
    fit: false,
    family: 'mobilenet-v2',
  },
];
