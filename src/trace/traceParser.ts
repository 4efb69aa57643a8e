import { KameraError } from "../kameraError.ts";
import {
  TRACE_FORMAT_NAME,
  TRACE_FORMAT_VERSION,
  type TraceEvent,
  type TraceHeader,
  type TraceReconcileEnd,
  type TraceReconcileStart,
} from "./traceFormat.ts";

/** A line the reader skipped, and why. Line numbers start at 1. */
export interface TraceProblem {
  line: number;
  message: string;
  /** The line was read and kept (an event naming an object version the trace lacks); absent: the line was skipped. */
  kept?: true;
}

/**
 * A problem as `kamera trace`, `serve` and `explore --from-trace` print it: `<source>:<line>:
 * skipped: …` for a line left out, `warning: …` for one kept despite it.
 *
 * @example
 * ```ts
 * for (const p of trace.problems) process.stderr.write(`${traceProblemLine("trace.jsonl", p)}\n`);
 * ```
 */
export function traceProblemLine(source: string, p: TraceProblem): string {
  return `${source}:${p.line}: ${p.kept ? "warning" : "skipped"}: ${p.message}`;
}

/** How many lines of the trace were left out (`problems` also names kept lines with a warning). */
export function skippedLines(problems: readonly TraceProblem[]): number {
  return problems.filter((p) => !p.kept).length;
}

/** A reconcile as the trace shows it; `start`/`end` are positions in `Trace.events` order. */
export interface TracedReconcile {
  id: string;
  controller: string;
  namespace: string;
  name: string;
  /** Index of the first event recorded after the reconcile began (events.length if none followed). */
  startIndex: number;
  /** Index of the first event after it ended; undefined when the trace has no end record. */
  endIndex?: number;
  error?: string;
}

/**
 * The reconcile began in the trace but has no end record: it was still running when the trace
 * was cut, or its process died. Neither its success nor its failure is known.
 */
export function isUnfinished(r: TracedReconcile): boolean {
  return r.endIndex === undefined;
}

/** How the reconcile that made a write ended, as the lenses attach it to the write: failed, unfinished, or neither. */
export interface ReconcileEnding {
  /** It failed: it ended with this error (it threw). */
  reconcileError?: string;
  /** It has no end record (see `isUnfinished`). */
  reconcileUnfinished?: true;
}

/** The `ReconcileEnding` fields of reconcile `r` (none when it succeeded, or for a write outside a reconcile). */
export function reconcileEnding(r: TracedReconcile | undefined): ReconcileEnding {
  if (r === undefined) return {};
  if (r.error !== undefined) return { reconcileError: r.error };
  return isUnfinished(r) ? { reconcileUnfinished: true } : {};
}

/** A trace read into memory: events in file order, object versions by hash, reconciles by id. */
export interface Trace {
  header: TraceHeader;
  events: TraceEvent[];
  objects: Map<string, Record<string, unknown>>;
  reconciles: Map<string, TracedReconcile>;
  problems: TraceProblem[];
}

const EVENT_STRINGS = ["id", "ts", "controller", "op", "group", "kind", "namespace", "name", "uid", "resourceVersion"] as const;
const OPS = new Set(["GET", "LIST", "CREATE", "UPDATE", "PATCH", "DELETE"]);

function problemOfEvent(r: Record<string, unknown>): string | undefined {
  for (const k of EVENT_STRINGS) if (typeof r[k] !== "string") return `an event needs a string "${k}"`;
  if (!OPS.has(r.op as string)) return `unknown op ${JSON.stringify(r.op)} (expected one of ${[...OPS].join(", ")})`;
  if (r.reconcileId !== null && typeof r.reconcileId !== "string") return `"reconcileId" must be a string or null`;
  if (r.rootId !== null && typeof r.rootId !== "string") return `"rootId" must be a string or null`;
  if (r.hash !== undefined && typeof r.hash !== "string") return `"hash" must be a string`;
  return undefined;
}

/**
 * Reads a trace's text. Lines that are not JSON, or not a record of this format, are skipped and
 * reported in `problems` with their line numbers (a truncated last line is named as such); the
 * rest is read. A text without a header, or of another format version, is a `KameraError`.
 *
 * @example
 * ```ts
 * const trace = parseTrace(text, "trace.jsonl");
 * for (const p of trace.problems) console.warn(`trace.jsonl:${p.line}: ${p.message}`);
 * ```
 */
export function parseTrace(text: string, source = "trace"): Trace {
  const lines = text.split("\n");
  const endsWithNewline = text.endsWith("\n");
  if (endsWithNewline) lines.pop();
  let header: TraceHeader | undefined;
  const events: TraceEvent[] = [];
  const objects = new Map<string, Record<string, unknown>>();
  const reconciles = new Map<string, TracedReconcile>();
  const problems: TraceProblem[] = [];
  const eventLines: number[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(raw) as Record<string, unknown>;
    } catch (e) {
      const last = i === lines.length - 1 && !endsWithNewline;
      problems.push({ line, message: last ? "truncated: the last line ends mid-record (was the writer stopped?)" : `not JSON: ${(e as Error).message}` });
      return;
    }
    if (r === null || typeof r !== "object" || Array.isArray(r)) {
      problems.push({ line, message: "not a record: expected a JSON object" });
      return;
    }
    if (header === undefined) {
      if (r.type !== "header" || r.format !== TRACE_FORMAT_NAME) {
        throw new KameraError(`${source} is not a kamera trace: line ${line} should be its header {"type":"header","format":"${TRACE_FORMAT_NAME}","version":${TRACE_FORMAT_VERSION}}`);
      }
    }
    switch (r.type) {
      case "header":
        if (r.format !== TRACE_FORMAT_NAME || r.version !== TRACE_FORMAT_VERSION) {
          throw new KameraError(`${source}, line ${line}: trace format ${JSON.stringify(r.format)} version ${JSON.stringify(r.version)} is not supported; this kamera reads ${TRACE_FORMAT_NAME} version ${TRACE_FORMAT_VERSION}`);
        }
        header ??= r as unknown as TraceHeader;
        return;
      case "event": {
        const p = problemOfEvent(r);
        if (p) problems.push({ line, message: p });
        else {
          events.push(r as unknown as TraceEvent);
          eventLines.push(line);
        }
        return;
      }
      case "object":
        if (typeof r.hash !== "string" || r.value === null || typeof r.value !== "object") problems.push({ line, message: `an object record needs a string "hash" and an object "value"` });
        else objects.set(r.hash, r.value as Record<string, unknown>);
        return;
      case "reconcile": {
        const s = r as unknown as TraceReconcileStart;
        if (typeof s.id !== "string" || typeof s.controller !== "string" || typeof s.name !== "string" || typeof s.namespace !== "string") {
          problems.push({ line, message: `a reconcile record needs string "id", "controller", "namespace" and "name"` });
        } else {
          reconciles.set(s.id, { id: s.id, controller: s.controller, namespace: s.namespace, name: s.name, startIndex: events.length });
        }
        return;
      }
      case "reconciled": {
        const e = r as unknown as TraceReconcileEnd;
        const rec = typeof e.id === "string" ? reconciles.get(e.id) : undefined;
        if (!rec) problems.push({ line, message: `end of reconcile ${JSON.stringify(e.id)}, which never began in this trace` });
        else {
          rec.endIndex = events.length;
          if (typeof e.error === "string") rec.error = e.error;
        }
        return;
      }
      default:
        problems.push({ line, message: `unknown record type ${JSON.stringify(r.type)}` });
    }
  });
  if (header === undefined) {
    // Lines before the header can only be skipped ones (not JSON, not an object): the first is where the header should be.
    const first = problems[0];
    if (first === undefined) throw new KameraError(`${source} is empty: a kamera trace starts with a header line`);
    throw new KameraError(`${source} is not a kamera trace: line ${first.line} should be its header {"type":"header","format":"${TRACE_FORMAT_NAME}","version":${TRACE_FORMAT_VERSION}}, but is ${first.message}`);
  }
  for (const [i, e] of events.entries()) {
    if (e.hash !== undefined && !objects.has(e.hash)) problems.push({ line: eventLines[i]!, message: `event ${i} (${e.id}) names object version ${e.hash}, which the trace does not hold (the event is kept, without its object)`, kept: true });
  }
  return { header, events, objects, reconciles, problems };
}
