/**
 * What a board's own project layout is given: the model and the board facts a generated project needs, and
 * the framework-independent sources (`board.h`, `inference.h`, `inference.<ext>`, `model_data.*`) that every
 * layout places in its source folder.
 */
export interface ProjectLayoutInput {
  /** Model name. */
  readonly name: string;
  /** The name as a C identifier / folder name (`mobilenetv1_0_25_96_c3_o2`). */
  readonly identifier: string;
  /** The board's title, for comments and the README. */
  readonly boardTitle: string;
  /** Builtin operator names the model uses (`CONV_2D`, …). */
  readonly ops: readonly string[];
  /** Tensor arena reserved, bytes. */
  readonly arenaBytes: number;
  /** The shared sources in `dir` with the given extension; `preamble` goes before the includes of the inference code. */
  sharedSources(dir: string, ext: 'cc' | 'cpp', preamble?: string): Record<string, string>;
}

/**
 * A project layout a board plugin brings (`projectLayout` in `defineDevice`), used instead of the one its
 * PlatformIO framework would pick. The generator adds `platformio.ini` and the README around its files.
 */
export interface ProjectLayout {
  /** Name of the layout, shown by `cnn-analyzer devices` and in deploy reports (`zephyr-app`). */
  readonly kind: string;
  /** The folder PlatformIO builds (`src_dir`), relative to the project. */
  srcDir(input: ProjectLayoutInput): string;
  /** How to build and run the project, one sentence for the README. */
  readonly build: string;
  /** The layout's files, keyed by path relative to the project: its entry point, board services and the shared sources. */
  files(input: ProjectLayoutInput): Record<string, string>;
}
