/**
 * The candidate a mistyped name most likely meant: the one equal to it ignoring case, else the
 * closest within two edits (insertions, deletions, substitutions); undefined when none is that close.
 *
 * @example
 * ```ts
 * nearestName("zookeeper.pravega.io/ZookeeperClusters", ["zookeeper.pravega.io/ZookeeperCluster"]); // the candidate
 * ```
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  let best: { name: string; distance: number } | undefined;
  for (const c of candidates) {
    const distance = editDistance(lower, c.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name: c, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}
