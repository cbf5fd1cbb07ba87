import type { Command } from 'commander';
import { describeFactors } from '@cnn-analyzer/arch-spec';
import { knownArchitectures } from '../architectures.js';
import { renderTable } from '../format/table.js';
import type { CommandContext } from './context.js';

/** `cnn-analyzer architectures [--json]`: every plugin with its factors, ranges, defaults and name codes. */
export function registerArchitectures(program: Command, ctx: CommandContext): void {
  program
    .command('architectures')
    .summary('list the architecture plugins and their scaling factors')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const list = knownArchitectures().map((a) => ({
        name: a.name,
        description: a.description,
        bases: a.bases.map((b) => b.base),
        examples: a.examples ?? [],
        factors: describeFactors(a),
      }));
      if (opts.json) {
        ctx.io.out(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      for (const a of list) {
        ctx.io.out(`${a.name} — ${a.description}\n  base names: ${a.bases.join(', ')}\n  examples: ${a.examples.join(', ')}\n`);
        ctx.io.out(
          renderTable(
            [
              { header: 'flag', value: (f) => `--${f.flag}` },
              { header: 'code', value: (f) => f.code ?? '' },
              { header: 'default', value: (f) => JSON.stringify(f.default) },
              { header: 'range', value: (f) => f.range },
              { header: 'meaning', value: (f) => f.description },
            ],
            a.factors,
          ).replace(/^/gm, '  ') + '\n',
        );
      }
    });
}
