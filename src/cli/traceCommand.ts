import type { Command } from "commander";
import type { ProgramContext } from "./programContext.ts";
import { UsageError } from "./usageError.ts";
import { givenFile } from "./givenFile.ts";
import { KameraError } from "../kameraError.ts";
import { knowledgeLens } from "../trace/knowledgeLens.ts";
import { knowledgeText, lifecycleText, provenanceText, reconcileCount } from "../trace/lensText.ts";
import { lifecycleLens, objectKeys } from "../trace/lifecycleLens.ts";
import { provenanceLens } from "../trace/provenanceLens.ts";
import { readTraceFile } from "../trace/traceReader.ts";
import { skippedLines, traceProblemLine } from "../trace/traceParser.ts";
import { InspectedTrace } from "../inspect/model/inspectedTrace.ts";
import { importInteractively } from "../inspect/tui/interactiveInk.ts";
import { TRACE_LENSES as LENSES, type TraceLens as Lens } from "../inspect/model/inspectedTrace.ts";
import { fragmentOfPlace, type TracePlace } from "../inspect/model/tracePlace.ts";
import { DEFAULT_WEB_PORT, serveInBrowser } from "./browserInspector.ts";
import { tcpPort } from "./runFlags.ts";

/**
 * Where the terminal inspector and `--web` open: the lens asked for (or the one `--object`/`--root` belong to) at
 * the object or root asked for.
 */
function startPlace(opts: { lens?: Lens; root?: string }, objectKey: string | undefined): TracePlace {
  const lens: Lens = opts.lens ?? (objectKey !== undefined ? "lifecycle" : opts.root !== undefined ? "provenance" : "lifecycle");
  const item = lens === "lifecycle" ? objectKey : lens === "provenance" ? opts.root : undefined;
  return { lens, ...(item !== undefined ? { item } : {}) };
}

/** `lens()`, with a `KameraError` it throws (a malformed or unknown --object or --root) as a usage error. */
function asUsageError<T>(lens: () => T, help: string): T {
  try {
    return lens();
  } catch (e) {
    if (e instanceof KameraError && !(e instanceof UsageError)) throw new UsageError(e.message, help);
    throw e;
  }
}

/** Registers `kamera trace <file>`: prints the lifecycle, provenance and knowledge lenses of a trace, or serves them to the browser inspector. */
export function addTraceCommand(program: Command, ctx: ProgramContext): void {
  const help = "kamera trace --help";
  program
    .command("trace")
    .description("show the lenses of a trace recorded with traceClient/traceReconciler: in a terminal viewer, printed, or in the browser (--web)")
    .argument("<file>", "a trace file (JSON Lines)")
    .option("--lens <lens>", `one lens: ${LENSES.join(", ")} (default: all)`)
    .option("--object <kind/ns/name>", "the object of the lifecycle lens, e.g. ConfigMap/default/web (default: every object)")
    .option("--root <id>", "the root of the provenance lens (default: every root)")
    .option("--json", "print JSON for scripts")
    .option("--interactive", "open the terminal inspector (the default on a terminal)")
    .option("--no-interactive", "print the lenses as text")
    .option("--web", "open the lenses in the browser inspector, served on 127.0.0.1 until Ctrl-C")
    .option("--port <n>", `port of --web (default ${DEFAULT_WEB_PORT}; 0 picks a free one)`, tcpPort)
    .showHelpAfterError(`(run '${help}' for usage)`)
    .addHelpText(
      "after",
      ["", "Examples:", "  kamera trace trace.jsonl", "  kamera trace trace.jsonl --lens knowledge", "  kamera trace trace.jsonl --web --lens knowledge", "  kamera trace trace.jsonl --lens lifecycle --object ConfigMap/default/web --json"].join("\n"),
    )
    .action(async (file: string, opts: { lens?: string; object?: string; root?: string; json?: boolean; interactive?: boolean; web?: boolean; port?: number }) => {
      if (opts.json && opts.interactive === true) throw new UsageError("--json and --interactive cannot be combined: --json is for scripts", help);
      if (opts.web && (opts.json || opts.interactive === true)) throw new UsageError(`--web cannot be combined with ${opts.json ? "--json" : "--interactive"}: it opens the browser inspector instead`, help);
      if (opts.port !== undefined && !opts.web) throw new UsageError("--port needs --web", help);
      const terminal = ctx.io.stdout.isTTY === true && ctx.io.stdin.isTTY === true;
      if (opts.interactive === true && !terminal) throw new UsageError("--interactive needs a terminal on stdin and stdout; use --no-interactive or --json when piping", help);
      const viewer = !opts.json && !opts.web && (opts.interactive ?? terminal);
      if (opts.lens !== undefined && !(LENSES as readonly string[]).includes(opts.lens)) {
        throw new UsageError(`--lens must be one of ${LENSES.join(", ")}, got ${JSON.stringify(opts.lens)}`, help);
      }
      // --object is the lifecycle lens's object, --root the provenance lens's root; the knowledge lens shows every write.
      if (opts.lens !== undefined && opts.lens !== "lifecycle" && opts.object !== undefined) throw new UsageError(`--lens ${opts.lens} takes no --object: --object chooses the object of the lifecycle lens`, help);
      if (opts.lens !== undefined && opts.lens !== "provenance" && opts.root !== undefined) throw new UsageError(`--lens ${opts.lens} takes no --root: --root chooses the root of the provenance lens`, help);
      const lenses: Lens[] = opts.lens ? [opts.lens as Lens] : [...LENSES];
      const path = await givenFile(file, ctx.cwd, { expected: "a trace file", help });
      const trace = await readTraceFile(path);
      for (const p of trace.problems) ctx.io.stderr.write(`${traceProblemLine(file, p)}\n`);
      // Checked before anything opens or prints, so that a wrong --object or --root is a usage error, whatever the mode.
      const objectKey = opts.object !== undefined ? asUsageError(() => lifecycleLens(trace, opts.object!).object, help) : undefined;
      if (opts.root !== undefined) asUsageError(() => provenanceLens(trace, opts.root), help);
      if (opts.web || viewer) {
        const place = startPlace({ ...(opts.lens ? { lens: opts.lens as Lens } : {}), ...(opts.root !== undefined ? { root: opts.root } : {}) }, objectKey);
        if (opts.web) {
          await serveInBrowser({ name: file, file: path, kind: "trace" }, ctx.io, opts.port, fragmentOfPlace(place));
          return;
        }
        const { runTraceInspector } = await importInteractively(() => import("../inspect/tui/runTraceInspector.tsx"));
        await runTraceInspector(new InspectedTrace(trace, file), place, ctx.io as unknown as { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream });
        return;
      }
      const objects = opts.object !== undefined ? [opts.object] : objectKeys(trace);
      const result: Record<string, unknown> = {};
      if (lenses.includes("lifecycle")) result.lifecycle = objects.map((o) => lifecycleLens(trace, o));
      if (lenses.includes("provenance")) result.provenance = provenanceLens(trace, opts.root);
      if (lenses.includes("knowledge")) result.knowledge = knowledgeLens(trace);
      if (opts.json) {
        ctx.io.stdout.write(JSON.stringify({ events: trace.events.length, problems: trace.problems, ...result }, null, 2) + "\n");
        return;
      }
      const summary = `${file}: ${trace.events.length} event(s), ${reconcileCount(trace.reconciles)}, ${trace.objects.size} object version(s)${skippedLines(trace.problems) ? `, ${skippedLines(trace.problems)} line(s) skipped` : ""}`;
      const pages: { name: string; text: string }[] = [];
      if (result.lifecycle) pages.push({ name: "lifecycle", text: (result.lifecycle as ReturnType<typeof lifecycleLens>[]).map(lifecycleText).join("") });
      if (result.provenance) pages.push({ name: "provenance", text: provenanceText(result.provenance as ReturnType<typeof provenanceLens>) });
      if (result.knowledge) pages.push({ name: "knowledge", text: knowledgeText(result.knowledge as ReturnType<typeof knowledgeLens>) });
      const parts = [summary + "\n", ...pages.map((p) => `== ${p.name} ==\n${p.text}`)];
      ctx.io.stdout.write(parts.join("\n"));
    });
}
