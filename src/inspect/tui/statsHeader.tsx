import { Text } from "ink";
import type { ExploreResult } from "../../explore/exploreResult.ts";
import { truncate } from "./styledLine.ts";

const count = new Intl.NumberFormat("en-US");

interface StatPart {
  text: string;
  color?: string;
}

/**
 * The parts of the stats line, most important first: the search's size and whether it finished,
 * then every outcome that is not zero (coloured as the states list colours them).
 */
export function statsParts(result: ExploreResult & { warnings?: readonly string[] }): StatPart[] {
  const st = result.stats;
  const parts: StatPart[] = [
    { text: `${count.format(st.uniqueStates)} states` },
    { text: `${count.format(st.transitions)} transitions` },
    { text: `depth ${st.maxDepth}` },
    result.complete ? { text: "complete" } : { text: "partial", color: "yellow" },
    { text: `${result.convergedStates.length} converged`, color: "green" },
  ];
  const failing = result.keepsFailing?.length ?? 0;
  if (failing) parts.push({ text: `${failing} failing`, color: "red" });
  if (result.nonConverging.length) parts.push({ text: `${result.nonConverging.length} livelock${result.nonConverging.length === 1 ? "" : "s"}`, color: "magenta" });
  if (result.violations.length) parts.push({ text: `${count.format(result.violations.length)} violation${result.violations.length === 1 ? "" : "s"}`, color: "red" });
  if (result.abortedStates.length) parts.push({ text: `${count.format(result.abortedStates.length)} aborted`, color: "yellow" });
  if (result.warnings?.length) parts.push({ text: `${result.warnings.length} warning${result.warnings.length === 1 ? "" : "s"} (w lists them)`, color: "yellow" });
  if (st.durationMs > 0) parts.push({ text: `${count.format(Math.round(st.durationMs))} ms, ${st.engine} core` });
  return parts;
}

/** Props of `StatsHeader`. */
export interface StatsHeaderProps {
  result: ExploreResult & { warnings?: readonly string[] };
  width: number;
}

/** The line under the header: what the exploration found, at a glance, whatever level is open. */
export function StatsHeader({ result, width }: StatsHeaderProps) {
  const parts = statsParts(result);
  let used = 0;
  const shown: StatPart[] = [];
  for (const p of parts) {
    const extra = (shown.length ? 3 : 0) + p.text.length;
    if (used + extra > width) break;
    shown.push(p);
    used += extra;
  }
  return (
    <Text wrap="truncate-end">
      {shown.map((p, i) => (
        <Text key={i}>
          {i > 0 ? <Text dimColor>{" · "}</Text> : null}
          <Text color={p.color}>{truncate(p.text, width)}</Text>
        </Text>
      ))}
    </Text>
  );
}
