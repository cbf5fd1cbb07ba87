import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

/** Bad command-line input: exit code 2 with a one-line message. */
export class UsageError extends CnnAnalyzerError {}

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
