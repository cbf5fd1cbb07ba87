/** The dashboard's address of the layer-wise comparison of recorded variations (a hash route of the web app). */
export function layerwisePath(names: readonly string[], device?: string): string {
  return `/#/layers?names=${names.map(encodeURIComponent).join(',')}${device ? `&device=${encodeURIComponent(device)}` : ''}`;
}
