import { KameraError } from "../kameraError.ts";
import type { Schedule, ScheduleStep } from "./schedule.ts";

/**
 * The text form of a schedule, one step per line, versioned by its first line:
 *
 * ```text
 * kamera-schedule 1
 * # comments and blank lines are ignored
 * Spawner default/foo
 * ZookeeperReconciler default/zk-cluster stale zookeeper.pravega.io/ZookeeperCluster@5
 * Picker default/foo choose replicas=1 choose mode=0
 * ```
 *
 * A line is the reconciler id, the request (`namespace/name`, or `name` for a cluster-scoped
 * one), then `stale <kind>@<revision>` per stale kind of its view and `choose <label>=<index>` per
 * `ctx.choose` call. A word with spaces, quotes or `#` is written as a JSON string.
 */
export const SCHEDULE_HEADER = "kamera-schedule 1";

const BARE = /^[^\s"#]+$/;

function word(text: string): string {
  return BARE.test(text) ? text : JSON.stringify(text);
}

/**
 * One step as its line of the text form.
 *
 * @example
 * ```ts
 * formatScheduleStep({ reconcilerId: "Spawner", request: { namespace: "default", name: "foo" } }); // "Spawner default/foo"
 * ```
 */
export function formatScheduleStep(step: ScheduleStep): string {
  const { namespace, name } = step.request;
  const words = [word(step.reconcilerId), word(namespace === "" ? name : `${namespace}/${name}`)];
  for (const kind of Object.keys(step.staleView ?? {}).sort()) words.push("stale", word(`${kind}@${step.staleView![kind]}`));
  for (const c of step.choices ?? []) words.push("choose", word(`${c.label}=${c.index}`));
  return words.join(" ");
}

/**
 * A schedule as text: the version line, then one line per step (see `SCHEDULE_HEADER`).
 *
 * @example
 * ```ts
 * await writeFile("bug.schedule", formatSchedule(pathToSchedule(result.violations[0]!.path)));
 * ```
 */
export function formatSchedule(schedule: Schedule): string {
  return [SCHEDULE_HEADER, ...schedule.map(formatScheduleStep)].join("\n") + "\n";
}

/** A malformed schedule text: the message names the line (and the source, when given). */
function lineError(source: string | undefined, line: number, message: string): KameraError {
  return new KameraError(`${source ?? "schedule"}:${line}: ${message}`);
}

/** Splits a line into words: bare words and JSON strings; `#` outside a string starts a comment. */
function words(text: string, fail: (message: string) => never): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "#") break;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) fail(`unterminated string starting at column ${i + 1}`);
      try {
        out.push(JSON.parse(text.slice(i, j + 1)) as string);
      } catch {
        fail(`malformed string at column ${i + 1}: ${text.slice(i, j + 1)}`);
      }
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j]!) && text[j] !== '"' && text[j] !== "#") j++;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/** `<left><sep><non-negative integer>`, split at the last `sep`. */
function splitNumbered(text: string, sep: string): [string, number] | undefined {
  const at = text.lastIndexOf(sep);
  if (at <= 0) return undefined;
  const digits = text.slice(at + 1);
  if (!/^\d+$/.test(digits)) return undefined;
  return [text.slice(0, at), Number(digits)];
}

/**
 * Parses the text form (see `SCHEDULE_HEADER`). Mistakes are `KameraError`s naming the line:
 * `bug.schedule:3: expected "stale <kind>@<revision>" or "choose <label>=<index>", got "stal"`.
 *
 * @example
 * ```ts
 * const schedule = parseSchedule(await readFile("bug.schedule", "utf8"), "bug.schedule");
 * const run = await explorer.replay(initial, schedule);
 * ```
 */
export function parseSchedule(text: string, source?: string): Schedule {
  const lines = text.split(/\r?\n/);
  const steps: Schedule = [];
  let headerSeen = false;
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const fail = (message: string): never => {
      throw lineError(source, lineNo, message);
    };
    const ws = words(line, fail);
    if (ws.length === 0) return;
    if (!headerSeen) {
      if (ws[0] !== "kamera-schedule") fail(`expected the version line "${SCHEDULE_HEADER}" before the first step, got "${line.trim()}"`);
      if (ws.length !== 2 || ws[1] !== "1") fail(`unsupported schedule version "${ws.slice(1).join(" ")}": this kamera reads "${SCHEDULE_HEADER}"`);
      headerSeen = true;
      return;
    }
    if (ws.length < 2) fail(`expected "<reconciler> <namespace>/<name>", got "${line.trim()}"`);
    const [reconcilerId, requestText] = ws as [string, string];
    const slash = requestText.indexOf("/");
    const request = slash < 0 ? { namespace: "", name: requestText } : { namespace: requestText.slice(0, slash), name: requestText.slice(slash + 1) };
    if (request.name === "") fail(`the request "${requestText}" has no name`);
    const step: ScheduleStep = { reconcilerId, request };
    for (let k = 2; k < ws.length; k += 2) {
      const keyword = ws[k]!;
      const value = ws[k + 1];
      if (keyword === "stale") {
        const parsed = value === undefined ? undefined : splitNumbered(value, "@");
        if (!parsed) fail(`expected "stale <kind>@<revision>", got "stale${value === undefined ? "" : ` ${value}`}"`);
        const [kind, revision] = parsed!;
        step.staleView ??= {};
        if (kind in step.staleView) fail(`the kind ${kind} is stale twice in one step`);
        step.staleView[kind] = revision;
      } else if (keyword === "choose") {
        const parsed = value === undefined ? undefined : splitNumbered(value, "=");
        if (!parsed) fail(`expected "choose <label>=<index>", got "choose${value === undefined ? "" : ` ${value}`}"`);
        (step.choices ??= []).push({ label: parsed![0], index: parsed![1] });
      } else {
        fail(`expected "stale <kind>@<revision>" or "choose <label>=<index>", got "${keyword}"`);
      }
    }
    steps.push(step);
  });
  if (!headerSeen) throw new KameraError(`${source ?? "schedule"}: empty: a schedule starts with the line "${SCHEDULE_HEADER}"`);
  return steps;
}
