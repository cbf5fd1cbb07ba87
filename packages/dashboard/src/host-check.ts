import { isIP } from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1']);
const WILDCARD = new Set(['0.0.0.0', '::']);

/** `example.com:8417` → `{ name: 'example.com', port: 8417 }`; `[::1]:80` → `{ name: '::1', port: 80 }`. */
function splitHost(header: string): { name: string; port: number | undefined } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(header.trim());
  if (!m) return undefined;
  return { name: (m[1] ?? m[2]!).toLowerCase(), port: m[3] === undefined ? undefined : Number(m[3]) };
}

/**
 * Whether a request's `Host` header names the address the server is bound to, so a page on another site whose
 * name was re-pointed at this machine (DNS rebinding) gets no answer. Accepted: the bound address itself;
 * `localhost` and the other loopback address when bound to loopback; any IP address when bound to every interface
 * (names are what rebinding needs; an IP literal cannot be re-pointed). The port must be the bound one.
 */
export function hostAllowed(header: string | undefined, boundAddress: string, boundPort: number): boolean {
  if (header === undefined) return false;
  const host = splitHost(header);
  if (!host || (host.port ?? 80) !== boundPort) return false;
  if (host.name === boundAddress.toLowerCase()) return true;
  if (LOOPBACK.has(boundAddress)) return host.name === 'localhost' || LOOPBACK.has(host.name);
  if (WILDCARD.has(boundAddress)) return host.name === 'localhost' || isIP(host.name) !== 0;
  return false;
}
