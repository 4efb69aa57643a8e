/**
 * The relative import specifier ("./x.ts", "../examples/zookeeper/scenario.ts") a module at
 * `fromFile` uses for the module file at `target`. Both paths are taken relative to the same
 * directory (or both absolute); backslashes count as separators. Plain string work, so the
 * browser page can use it.
 */
export function relativeImport(fromFile: string, target: string): string {
  const from = segments(fromFile).slice(0, -1);
  const to = segments(target);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join("/");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}

/** Whether an import specifier is a file path rather than a package name. */
export function isPathSpecifier(spec: string): boolean {
  return spec.startsWith(".") || spec.startsWith("/") || spec.includes("\\") || /^[A-Za-z]:/.test(spec);
}

/** A path's segments with "." dropped and ".." applied (a leading ".." that cannot be applied is kept). */
function segments(path: string): string[] {
  const out: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return out;
}
