import { resolve } from "node:path";
import type { Command } from "commander";
import type { ProgramContext } from "../cli/program.ts";
import { UsageError } from "../cli/usageError.ts";
import { knowledgeLens } from "./knowledgeLens.ts";
import { knowledgeText, lifecycleText, provenanceText } from "./lensText.ts";
import { lifecycleLens, objectKeys } from "./lifecycleLens.ts";
import { provenanceLens } from "./provenanceLens.ts";
import { readTraceFile } from "./traceReader.ts";

const LENSES = ["lifecycle", "provenance", "knowledge"] as const;
type Lens = (typeof LENSES)[number];

/** Registers `kamera trace <file>`: prints the lifecycle, provenance and knowledge lenses of a trace. */
export function addTraceCommand(program: Command, ctx: ProgramContext): void {
  const help = "kamera trace --help";
  program
    .command("trace")
    .description("read a trace recorded with traceClient/traceReconciler and print its lenses")
    .argument("<file>", "a trace file (JSON Lines)")
    .option("--lens <lens>", `one lens: ${LENSES.join(", ")} (default: all)`)
    .option("--object <kind/ns/name>", "the object of the lifecycle lens, e.g. ConfigMap/default/web (default: every object)")
    .option("--root <id>", "the root of the provenance lens (default: every root)")
    .option("--json", "print JSON for scripts")
    .showHelpAfterError(`(run '${help}' for usage)`)
    .addHelpText(
      "after",
      ["", "Examples:", "  kamera trace trace.jsonl", "  kamera trace trace.jsonl --lens knowledge", "  kamera trace trace.jsonl --lens lifecycle --object ConfigMap/default/web --json"].join("\n"),
    )
    .action(async (file: string, opts: { lens?: string; object?: string; root?: string; json?: boolean }) => {
      if (opts.lens !== undefined && !(LENSES as readonly string[]).includes(opts.lens)) {
        throw new UsageError(`--lens must be one of ${LENSES.join(", ")}, got ${JSON.stringify(opts.lens)}`, help);
      }
      const lenses: Lens[] = opts.lens ? [opts.lens as Lens] : [...LENSES];
      const trace = await readTraceFile(resolve(ctx.cwd, file));
      for (const p of trace.problems) ctx.io.stderr.write(`${file}:${p.line}: skipped: ${p.message}\n`);
      const objects = opts.object !== undefined ? [opts.object] : objectKeys(trace);
      const result: Record<string, unknown> = {};
      if (lenses.includes("lifecycle")) result.lifecycle = objects.map((o) => lifecycleLens(trace, o));
      if (lenses.includes("provenance")) result.provenance = provenanceLens(trace, opts.root);
      if (lenses.includes("knowledge")) result.knowledge = knowledgeLens(trace);
      if (opts.json) {
        ctx.io.stdout.write(JSON.stringify({ events: trace.events.length, problems: trace.problems, ...result }, null, 2) + "\n");
        return;
      }
      const parts = [`${file}: ${trace.events.length} event(s), ${trace.reconciles.size} reconcile(s), ${trace.objects.size} object version(s)${trace.problems.length ? `, ${trace.problems.length} line(s) skipped` : ""}\n`];
      if (result.lifecycle) parts.push("== lifecycle ==\n" + (result.lifecycle as ReturnType<typeof lifecycleLens>[]).map(lifecycleText).join(""));
      if (result.provenance) parts.push("== provenance ==\n" + provenanceText(result.provenance as ReturnType<typeof provenanceLens>));
      if (result.knowledge) parts.push("== knowledge ==\n" + knowledgeText(result.knowledge as ReturnType<typeof knowledgeLens>));
      ctx.io.stdout.write(parts.join("\n"));
    });
}
