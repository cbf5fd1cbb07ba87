import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

/** A data folder or one of its files is unusable; the message names the folder or file and the rule. */
export class DataError extends CnnAnalyzerError {}
