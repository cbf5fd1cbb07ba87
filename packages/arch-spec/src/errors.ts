/**
 * Base class of every error CNN Analyzer throws on purpose. `path` names the field or
 * part that is wrong (`factors.alpha`, `name part 2`), `value` holds the bad input.
 */
export class CnnAnalyzerError extends Error {
  /** Dotted path of the offending field, e.g. `factors.alpha`. */
  readonly path: string;
  /** The offending value, as given. */
  readonly value: unknown;

  constructor(message: string, path: string, value?: unknown) {
    super(message);
    this.name = new.target.name;
    this.path = path;
    this.value = value;
  }
}

/** A factor is unknown, of the wrong type, out of range, or breaks an architecture rule. */
export class FactorError extends CnnAnalyzerError {}

/** A compound model name cannot be parsed. */
export class NameError extends CnnAnalyzerError {}

/** An op's inputs or attributes do not give a valid output shape. */
export class ShapeError extends CnnAnalyzerError {}

/** A layer graph is malformed: missing tensors, duplicate names, cycles. */
export class GraphError extends CnnAnalyzerError {}

/** Render a value for an error message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
