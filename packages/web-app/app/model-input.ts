import type { AnalysisInput } from '@cnn-analyzer/analysis';
import { CnnAnalyzerError, parseName, type AnyArchitecture } from '@cnn-analyzer/arch-spec';
import { readTflite, tfliteToGraph } from '@cnn-analyzer/exporter/browser';
import { ARCHITECTURES } from './plugins.js';

/** Hex digits of the content hash in an imported file's name (as the CLI names it: `model.tflite@1a2b3c4d5e6f`). */
const HASH_DIGITS = 12;

/** A model built by a plugin from resolved factors, named canonically: what the CLI's `analyze` builds. */
export function fromFactors(arch: AnyArchitecture, factors: Readonly<Record<string, unknown>>): AnalysisInput {
  const { name, factors: resolved, graph } = arch.create({ ...factors });
  return { name, architecture: arch.name, factors: resolved, graph, source: 'plugin' };
}

/** A compound name (`mobilenetv1_0.25_96_c3_o2_l3`) or an architecture id with its defaults (`mobilenet-v1`). */
export function fromName(text: string, architectures: readonly AnyArchitecture[] = ARCHITECTURES): AnalysisInput {
  const name = text.trim();
  if (name === '') throw new CnnAnalyzerError('name: type a compound name such as mobilenetv1_0.25_96_c3_o2', 'name', text);
  const arch = architectures.find((a) => a.name === name);
  if (arch) return fromFactors(arch, {});
  const parsed = parseName(name, architectures);
  return fromFactors(parsed.architecture as AnyArchitecture, parsed.factors as Record<string, unknown>);
}

/** SHA-256 of the bytes, lowercase hex (Web Crypto: no network, no library). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A `.tflite` file read in the page, named as the CLI names it (file name and content hash). The page cannot see the
 * file's folder, so `factors.file` is the file name where the CLI writes the absolute path.
 */
export async function fromTflite(fileName: string, bytes: Uint8Array): Promise<AnalysisInput> {
  const sha256 = await sha256Hex(bytes);
  const name = `${fileName}@${sha256.slice(0, HASH_DIGITS)}`;
  const { graph } = tfliteToGraph(readTflite(bytes), name);
  return { name, architecture: 'tflite', factors: { file: fileName, sha256 }, graph, source: 'tflite', fileBytes: bytes.length };
}
