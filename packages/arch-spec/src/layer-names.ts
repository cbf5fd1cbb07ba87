/**
 * A memo of layer names `prefix + suffix`, for plugins that name a block's layers from its prefix (`block_3_` +
 * `expand_bn`). Each build then hands the builder the same string objects as the last: the builder hashes every
 * name and the graph's tensor table interns it, which is far cheaper for a string seen before than for a fresh
 * template string (about a sixth of a build).
 *
 * ```ts
 * const named = prefixedNames(); // once, at module level
 * const p = named(`block_${id}_`);
 * g.batchNorm(x, {}, p('expand_bn')); // "block_3_expand_bn"
 * ```
 */
export function prefixedNames(): (prefix: string) => (suffix: string) => string {
  const byPrefix = new Map<string, (suffix: string) => string>();
  return (prefix) => {
    let names = byPrefix.get(prefix);
    if (!names) {
      const bySuffix = new Map<string, string>();
      names = (suffix) => {
        let name = bySuffix.get(suffix);
        if (name === undefined) {
          name = prefix + suffix;
          if (bySuffix.size < 1024) bySuffix.set(suffix, name);
        }
        return name;
      };
      if (byPrefix.size < 4096) byPrefix.set(prefix, names);
    }
    return names;
  };
}
