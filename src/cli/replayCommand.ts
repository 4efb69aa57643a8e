import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { Replay, ReplayedState } from "../explore/replay.ts";
import { replayScenario } from "../explore/replayScenario.ts";
import { formatScheduleStep, parseSchedule } from "../explore/scheduleText.ts";
import { pathToSchedule } from "../explore/schedule.ts";
import { effectDiff } from "../inspect/tui/effectDiff.ts";
import { lineText } from "../inspect/tui/styledLine.ts";
import type { ProgramContext } from "./programContext.ts";
import { givenFile } from "./givenFile.ts";
import { resolveScenario } from "./scenarioSource.ts";
import { UsageError } from "./usageError.ts";

const HELP = "kamera replay --help";

function pendingText(state: ReplayedState): string {
  return state.pending.length === 0 ? "nothing pending" : `pending: ${state.pending.map((p) => formatScheduleStep(p)).join(", ")}`;
}

function outcomeText(state: ReplayedState): string {
  const o = state.outcome;
  if (state.violations.length > 0) return state.violations.map((v) => `invariant "${v.invariant}" failed: ${v.message}`).join("\n");
  if (o.kind === "converged") return "converged";
  if (o.kind === "aborted") return `aborted (${o.reason ?? "error"}${o.error !== undefined ? `: ${o.error}` : ""})`;
  return `not converged: ${pendingText(state)}`;
}

/** A replay as text: each step with the diffs of its writes, then where it ended. */
export function replayText(run: Replay, opts: { serverFields: boolean }): string {
  const out: string[] = [];
  out.push(`initial state ${run.initial.id}: ${run.initial.objects.length} object(s), ${pendingText(run.initial)}`);
  run.steps.forEach(({ step, state }, i) => {
    out.push("");
    const [scheduled] = pathToSchedule([step]);
    out.push(`${i + 1}. ${formatScheduleStep(scheduled!)} → state ${state.id}`);
    if (step.error !== undefined) out.push(`   failed: ${step.error}${step.errorLocation ? ` (at ${step.errorLocation})` : ""}`);
    if (step.effects.length === 0 && step.error === undefined) out.push("   wrote nothing");
    for (const effect of step.effects) {
      out.push(`   ${effect.op} ${effect.kind} ${effect.namespace ? `${effect.namespace}/` : ""}${effect.name}`);
      for (const l of effectDiff(effect, { hideServerFields: !opts.serverFields })) out.push(`     ${lineText(l)}`.trimEnd());
    }
    if (step.requeue || step.requeueAfter !== undefined) out.push(`   requeued${step.requeueAfter !== undefined ? ` after ${step.requeueAfter} ms` : ""}`);
  });
  out.push("", `Final state ${run.final.id} after ${run.steps.length} step(s): ${outcomeText(run.final)}`);
  return out.join("\n") + "\n";
}

/** Registers `kamera replay <scenario> --schedule <file>`. */
export function addReplayCommand(program: Command, ctx: ProgramContext): void {
  program
    .command("replay")
    .description("run exactly the reconciles of a schedule on a scenario and print each step's writes as diffs")
    .argument("<example-or-module>", "a bundled example's name, or a path to a module exporting a Scenario")
    .requiredOption("--schedule <file>", "the schedule: the text form exported tests hold (first line `kamera-schedule 1`, then one step per line)")
    .option("--server-fields", "show server-managed metadata (resourceVersion, uid, …) in the diffs")
    .showHelpAfterError(`(run '${HELP}' for usage)`)
    .addHelpText(
      "after",
      [
        "",
        "A schedule line is `<reconciler> <namespace>/<name>`, then `stale <kind>@<revision>` for each kind",
        "read from a restarted (stale) view and `choose <label>=<index>` for each ctx.choose call:",
        "",
        "  kamera-schedule 1",
        "  Spawner default/foo",
        "  ZookeeperReconciler default/zk-cluster stale zookeeper.pravega.io/ZookeeperCluster@5",
        "",
        "A step that does not fit (its reconcile is not pending there, its view or choices differ) is",
        "an error naming the step and what could run instead; the exit status is then 1.",
        "",
        "Examples:",
        "  kamera replay duplicate-invariant --schedule dup.schedule",
        "  kamera replay ./my-scenario.ts --schedule bug.schedule --server-fields",
      ].join("\n"),
    )
    .action(async (spec: string, opts: { schedule: string; serverFields?: boolean }) => {
      const file = await givenFile(opts.schedule, ctx.cwd, { flag: "--schedule", expected: "a schedule file", help: HELP });
      const text = await readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read ${opts.schedule}: ${e.message}`, HELP);
      });
      const schedule = parseSchedule(text, opts.schedule);
      const scenario = await resolveScenario(spec, ctx.cwd, "replay");
      const run = await replayScenario(scenario, schedule);
      ctx.io.stdout.write(`Replaying ${schedule.length} step(s) of ${opts.schedule} on ${scenario.name}\n\n${replayText(run, { serverFields: opts.serverFields === true })}`);
    });
}
