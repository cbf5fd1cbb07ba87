import Emittery from 'emittery';

/** Events a hardware driver emits while it works (observers only: results are returned). */
export interface DriverEvents {
  connect: { readonly port: string };
  'flash:progress': { readonly writtenBytes: number; readonly totalBytes: number };
  'inference:done': { readonly ms: number };
  disconnect: undefined;
}

/** A typed event emitter for drivers. */
export function createDriverEvents(): Emittery<DriverEvents> {
  return new Emittery<DriverEvents>();
}
