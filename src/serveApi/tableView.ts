import type { KubeObject } from "../objects/kubeObject.ts";
import type { ServedResource } from "./resourceCatalog.ts";

type Json = Record<string, unknown>;

/** Whether an Accept header asks for `meta.k8s.io` Tables (what `kubectl get` asks for). */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

interface Column {
  name: string;
  type: string;
  format?: string;
  cell: (obj: KubeObject, now: Date) => unknown;
}

function at(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const s of path.replace(/^\./, "").split(".")) {
    if (s === "") continue;
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Json)[s];
  }
  return cur;
}

function num(obj: unknown, path: string): number {
  const v = at(obj, path);
  return typeof v === "number" ? v : 0;
}

/** apimachinery's `HumanDuration`: 42s, 5m10s, 17m, 3h20m, 5h, 2d3h, 9d, 2y... */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

const NAME: Column = { name: "Name", type: "string", format: "name", cell: (o) => o.metadata?.name ?? "" };
const AGE: Column = {
  name: "Age",
  type: "string",
  cell: (o, now) => {
    const t = o.metadata?.creationTimestamp;
    if (typeof t !== "string") return "<unknown>";
    return humanDuration((now.getTime() - Date.parse(t)) / 1000);
  },
};

function podStatus(o: KubeObject): string {
  if (o.metadata?.deletionTimestamp !== undefined) return "Terminating";
  const reason = at(o, "status.reason");
  if (typeof reason === "string" && reason !== "") return reason;
  const phase = at(o, "status.phase");
  return typeof phase === "string" && phase !== "" ? phase : "Pending";
}

function podReady(o: KubeObject): string {
  const statuses = (at(o, "status.containerStatuses") as Json[] | undefined) ?? [];
  const total = ((at(o, "spec.containers") as unknown[] | undefined) ?? []).length;
  return `${statuses.filter((s) => s.ready === true).length}/${total}`;
}

function servicePorts(o: KubeObject): string {
  const ports = (at(o, "spec.ports") as Json[] | undefined) ?? [];
  if (ports.length === 0) return "<none>";
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`).join(",");
}

const BUILTIN_COLUMNS: Record<string, Column[]> = {
  "core/Pod": [
    NAME,
    { name: "Ready", type: "string", cell: podReady },
    { name: "Status", type: "string", cell: podStatus },
    {
      name: "Restarts",
      type: "string",
      cell: (o) => String(((at(o, "status.containerStatuses") as Json[] | undefined) ?? []).reduce((n, s) => n + (typeof s.restartCount === "number" ? s.restartCount : 0), 0)),
    },
    AGE,
  ],
  "apps/Deployment": [
    NAME,
    { name: "Ready", type: "string", cell: (o) => `${num(o, "status.readyReplicas")}/${at(o, "spec.replicas") ?? 1}` },
    { name: "Up-to-date", type: "integer", cell: (o) => num(o, "status.updatedReplicas") },
    { name: "Available", type: "integer", cell: (o) => num(o, "status.availableReplicas") },
    AGE,
  ],
  "apps/ReplicaSet": [
    NAME,
    { name: "Desired", type: "integer", cell: (o) => at(o, "spec.replicas") ?? 1 },
    { name: "Current", type: "integer", cell: (o) => num(o, "status.replicas") },
    { name: "Ready", type: "integer", cell: (o) => num(o, "status.readyReplicas") },
    AGE,
  ],
  "apps/StatefulSet": [NAME, { name: "Ready", type: "string", cell: (o) => `${num(o, "status.readyReplicas")}/${at(o, "spec.replicas") ?? 1}` }, AGE],
  "batch/Job": [
    NAME,
    { name: "Completions", type: "string", cell: (o) => `${num(o, "status.succeeded")}/${at(o, "spec.completions") ?? 1}` },
    AGE,
  ],
  "core/Service": [
    NAME,
    { name: "Type", type: "string", cell: (o) => at(o, "spec.type") ?? "ClusterIP" },
    { name: "Cluster-IP", type: "string", cell: (o) => at(o, "spec.clusterIP") ?? "<none>" },
    { name: "External-IP", type: "string", cell: () => "<none>" },
    { name: "Port(s)", type: "string", cell: servicePorts },
    AGE,
  ],
  "core/Namespace": [NAME, { name: "Status", type: "string", cell: (o) => at(o, "status.phase") ?? "Active" }, AGE],
  "core/ConfigMap": [NAME, { name: "Data", type: "integer", cell: (o) => Object.keys((at(o, "data") as Json | undefined) ?? {}).length }, AGE],
  "apiextensions.k8s.io/CustomResourceDefinition": [
    NAME,
    { name: "Created At", type: "date", cell: (o) => o.metadata?.creationTimestamp ?? "" },
  ],
};

function columnsOf(res: ServedResource): Column[] {
  const builtin = BUILTIN_COLUMNS[`${res.group || "core"}/${res.kind}`];
  if (builtin) return builtin;
  // A CRD's additionalPrinterColumns (simple field paths; JSONPath filters are not evaluated).
  const extra = (res.printerColumns ?? []).map((c): Column => ({
    name: c.name,
    type: c.type,
    cell: (o) => {
      const v = at(o, c.jsonPath);
      return v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : v;
    },
  }));
  return [NAME, ...extra, AGE];
}

/**
 * A `meta.k8s.io/v1` Table of objects, as the real server answers `kubectl get`: the resource's
 * usual columns (Name, kind-specific ones, Age), one row per object carrying the object as
 * `includeObject` asks (`Metadata` by default, `Object`, or `None`). Ages are measured from `now`.
 */
export function tableOf(res: ServedResource, objects: readonly KubeObject[], query: URLSearchParams, now: Date, listMeta?: Json): Json {
  const columns = columnsOf(res);
  const include = query.get("includeObject") ?? "Metadata";
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta ?? {},
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? "", description: "", priority: 0 })),
    rows: objects.map((o) => {
      const row: Json = { cells: columns.map((c) => c.cell(o, now)) };
      if (include === "Object") row.object = o;
      else if (include !== "None") row.object = { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata ?? {} };
      return row;
    }),
  };
}
