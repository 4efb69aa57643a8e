import type { NondeterminismReport } from "../explore/exploreOptions.ts";
import type { ExploreResult } from "../explore/exploreResult.ts";
import type { ResultGraph } from "../explore/resultGraph.ts";

/**
 * A result as the summaries read it: the public `ExploreResult`, plus what a live exploration's
 * `ExploreOutcome` adds (a loaded dump may not have them), and the graph the inspectors and dumps need.
 */
export type SummarizedResult = ExploreResult & { stopReason?: string; stopDetail?: string; nondeterministic?: NondeterminismReport[]; warnings?: string[]; graph?: ResultGraph };

/** What a run is of (a scenario's name and description), shown in summaries and recorded in dumps. */
export interface RunSubject {
  name: string;
  description?: string;
}
