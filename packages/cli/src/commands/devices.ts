import type { Command } from 'commander';
import { projectKind } from '@cnn-analyzer/tflm-project';
import { knownDevices } from '../devices.js';
import { renderTable } from '../format/table.js';
import type { CommandContext } from './context.js';

/** `cnn-analyzer devices [--json]`: every board plugin with its spec, runtimes and deploy layout. */
export function registerDevices(program: Command, ctx: CommandContext): void {
  program
    .command('devices')
    .summary('list the board plugins: core, clock, flash, RAM, latency runtimes and deploy layout')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const list = knownDevices().map((d) => ({
        name: d.name,
        title: d.title,
        core: d.cpu.core,
        clockHz: d.cpu.clockHz,
        flashBytes: d.flash,
        ramBytes: d.ram,
        runtimes: d.runtimes.map((r) => ({ runtime: r.runtime, source: r.source })),
        deployLayout: projectKind(d),
      }));
      if (opts.json) {
        ctx.io.out(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      const kb = (bytes: number): string => `${(bytes / 1024).toLocaleString('en-US')} KB`;
      ctx.io.out(
        renderTable(
          [
            { header: 'device', value: (d) => d.name },
            { header: 'core', value: (d) => d.core },
            { header: 'clock', value: (d) => `${d.clockHz / 1e6} MHz` },
            { header: 'flash', value: (d) => kb(d.flashBytes) },
            { header: 'RAM', value: (d) => kb(d.ramBytes) },
            { header: 'runtimes (first: default)', value: (d) => d.runtimes.map((r) => r.runtime).join(', ') },
            { header: 'deploy', value: (d) => d.deployLayout },
          ],
          list,
        ) + '\nUse: analyze <model> --device <device> [--runtime <runtime>]; deploy <model> --device <device> --out <dir>\n',
      );
    });
}
