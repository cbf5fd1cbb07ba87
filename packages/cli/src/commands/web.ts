import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { writeWebApp } from '@cnn-analyzer/web-app';
import { checkOutputFolder } from '../output-file.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';

/** `cnn-analyzer web --out <dir> [--json]`: copy the built offline analyzer into a folder. */
export function registerWeb(program: Command, ctx: CommandContext): void {
  program
    .command('web')
    .summary('write the offline analyzer: one HTML file that analyzes models in the browser')
    .description(
      'Write the analyzer as a static web app (one index.html, script and styles inline) into a folder. Open it from ' +
        'the folder or any static server: type a compound name, pick an architecture and its factors, or drop a .tflite ' +
        'file, and it shows the scorecard computed in the page by the same pipeline as `analyze` (its JSON is what ' +
        '`analyze --json` prints). It makes no network request (Content-Security-Policy connect-src \'none\'). It ships the ' +
        'built-in architectures and boards; plugins from a configuration file are not in it.',
    )
    .requiredOption('--out <dir>', 'folder to write index.html into (created if missing)')
    .option('--json', 'print { files, bytes } as JSON')
    .action((o: { out: string; json?: boolean }) => {
      checkOutputFolder('out', o.out);
      let files: string[];
      try {
        files = writeWebApp(resolve(o.out));
      } catch (e) {
        if (e instanceof CnnAnalyzerError) throw e;
        throw new UsageError(`--out: cannot write into ${JSON.stringify(o.out)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'out', o.out);
      }
      const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
      if (o.json) ctx.io.out(`${JSON.stringify({ files, bytes }, null, 2)}\n`);
      else ctx.io.out(`Wrote the offline analyzer to ${files[0]} (${(bytes / 1024).toFixed(0)} KB); open it in a browser, it makes no network request.\n`);
    });
}
