/**
 * The study's whole-model STM32F746G-Disco times (X-CUBE-AI 8.0, 216 MHz): the held-out test of the X-CUBE-AI
 * latency model. Nothing here is used to fit or tune it.
 *
 * The study's model database lives in Weights & Biases (susbrock/model_DB) and is not public; the paper's results
 * table (Brockmann & Schlippe, Computers 13(7):173, 2024, Table 2) could not be read from the sources available to
 * this project. What the public notebooks print is below, each with where it was read. A time whose model has no
 * CNN Analyzer architecture plugin is kept (it is data) but cannot be estimated: `architecture` says which it is.
 * Add the paper's rows here as `{ name, ms, source }`: `npm run bench` estimates every row whose name parses.
 */
export interface HeldOutTime {
  /** The study's model name (its naming scheme, e.g. `mobilenetv1_0.25_96_c3_o2_l5`). */
  readonly name: string;
  /** Whole-model time on the board, ms. */
  readonly ms: number;
  readonly source: string;
  /** Architecture of the model in the study's terms. */
  readonly architecture: string;
}

const NB08 = 'subrockmann/tiny_cnn, notebook "08 Update Model DB.ipynb" (HEAD 038fa20), cell 18: W&B run summary stm32_inference_ms_INT8';
const NB09 = 'subrockmann/tiny_cnn, notebook "09 Benchmarking on STM32-Cube-AI.ipynb" (HEAD 038fa20), cell 32: stm32_inference_ms_INT8';

export const STUDY_WHOLE_MODEL_TIMES: readonly HeldOutTime[] = [
  { name: 'mobilenext_0.1_96_c3_o2_i1', ms: 100.076, source: NB08, architecture: 'mobilenext' },
  { name: 'mobilenext_0.25_96_c3_o2_i1', ms: 274.197, source: NB09, architecture: 'mobilenext' },
];
