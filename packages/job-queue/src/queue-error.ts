import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

/** A bad queue URL, an unreachable Redis, a job that cannot be read: the message names what and where. */
export class QueueError extends CnnAnalyzerError {}
