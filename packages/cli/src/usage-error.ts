import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

/** Bad command-line input: exit code 2 with a one-line message. */
export class UsageError extends CnnAnalyzerError {}

/** The user interrupted a long command (Ctrl-C); what finished is kept. Exit code 130, as shells use for SIGINT. */
export class InterruptedError extends Error {}

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
