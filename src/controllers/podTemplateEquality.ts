import { POD_TEMPLATE_HASH_LABEL } from "./podTemplateHash.ts";
import { sameContent } from "./stableHash.ts";
import type { PodTemplateSpec } from "./workloadObjects.ts";

/**
 * How a field of `v1.PodTemplateSpec` is typed in Go, which decides the JSON spellings a typed
 * value cannot tell apart from the field's absence:
 * - `scalar`: a non-pointer string, number or bool; `""`, `0` and `false` are its zero value.
 * - `time`: `metav1.Time`, a non-pointer struct written as `null` when zero.
 * - `map`, `list`: a non-pointer map or slice; semantic equality holds nil and empty equal.
 * - `struct`: a non-pointer struct; empty once its own fields are normalised.
 * - `pointer`: nil and a pointer to an empty struct differ, so only `null` is absence; with
 *   `to`, the pointee's fields are normalised (and an empty pointee kept).
 * Fields not listed are compared as written: their Go type is not known here.
 */
type FieldType =
  | { kind: "scalar" | "time" | "map" }
  | { kind: "list"; of?: StructType }
  | { kind: "pointer"; to?: StructType }
  | StructType;

interface StructType {
  kind: "struct";
  fields: Readonly<Record<string, FieldType>>;
  /** The type of every field not listed (a `VolumeSource`'s members are all pointers). */
  otherFields?: FieldType;
}

const SCALAR: FieldType = { kind: "scalar" };
const TIME: FieldType = { kind: "time" };
const MAP: FieldType = { kind: "map" };
const LIST: FieldType = { kind: "list" };
const POINTER: FieldType = { kind: "pointer" };
const struct = (fields: Record<string, FieldType>, otherFields?: FieldType): StructType => ({ kind: "struct", fields, otherFields });
const listOf = (of: StructType): FieldType => ({ kind: "list", of });
const pointerTo = (to: StructType): FieldType => ({ kind: "pointer", to });

const OBJECT_META = struct({
  name: SCALAR,
  generateName: SCALAR,
  namespace: SCALAR,
  selfLink: SCALAR,
  uid: SCALAR,
  resourceVersion: SCALAR,
  generation: SCALAR,
  creationTimestamp: TIME,
  deletionTimestamp: POINTER,
  deletionGracePeriodSeconds: POINTER,
  labels: MAP,
  annotations: MAP,
  ownerReferences: LIST,
  finalizers: LIST,
  managedFields: LIST,
});

const RESOURCE_REQUIREMENTS = struct({ limits: MAP, requests: MAP, claims: LIST });

const CONTAINER_FIELDS: Record<string, FieldType> = {
  name: SCALAR,
  image: SCALAR,
  command: LIST,
  args: LIST,
  workingDir: SCALAR,
  ports: listOf(struct({ name: SCALAR, hostPort: SCALAR, containerPort: SCALAR, protocol: SCALAR, hostIP: SCALAR })),
  envFrom: LIST,
  env: listOf(struct({ name: SCALAR, value: SCALAR, valueFrom: POINTER })),
  resources: RESOURCE_REQUIREMENTS,
  resizePolicy: LIST,
  restartPolicy: POINTER,
  volumeMounts: listOf(
    struct({ name: SCALAR, readOnly: SCALAR, recursiveReadOnly: POINTER, mountPath: SCALAR, subPath: SCALAR, mountPropagation: POINTER, subPathExpr: SCALAR }),
  ),
  volumeDevices: LIST,
  livenessProbe: POINTER,
  readinessProbe: POINTER,
  startupProbe: POINTER,
  lifecycle: POINTER,
  terminationMessagePath: SCALAR,
  terminationMessagePolicy: SCALAR,
  imagePullPolicy: SCALAR,
  securityContext: POINTER,
  stdin: SCALAR,
  stdinOnce: SCALAR,
  tty: SCALAR,
};

/** An ephemeral volume's claim template is an object template of its own, written with the same zero values. */
const EPHEMERAL_VOLUME_SOURCE = struct({
  volumeClaimTemplate: pointerTo(
    struct({
      metadata: OBJECT_META,
      spec: struct({
        accessModes: LIST,
        selector: POINTER,
        resources: struct({ limits: MAP, requests: MAP }),
        volumeName: SCALAR,
        storageClassName: POINTER,
        volumeMode: POINTER,
        dataSource: POINTER,
        dataSourceRef: POINTER,
        volumeAttributesClassName: POINTER,
      }),
    }),
  ),
});

const VOLUME = struct({ name: SCALAR, ephemeral: pointerTo(EPHEMERAL_VOLUME_SOURCE) }, POINTER);

const POD_SPEC = struct({
  volumes: listOf(VOLUME),
  initContainers: listOf(struct(CONTAINER_FIELDS)),
  containers: listOf(struct(CONTAINER_FIELDS)),
  ephemeralContainers: listOf(struct({ ...CONTAINER_FIELDS, targetContainerName: SCALAR })),
  restartPolicy: SCALAR,
  terminationGracePeriodSeconds: POINTER,
  activeDeadlineSeconds: POINTER,
  dnsPolicy: SCALAR,
  nodeSelector: MAP,
  serviceAccountName: SCALAR,
  serviceAccount: SCALAR,
  automountServiceAccountToken: POINTER,
  nodeName: SCALAR,
  hostNetwork: SCALAR,
  hostPID: SCALAR,
  hostIPC: SCALAR,
  shareProcessNamespace: POINTER,
  securityContext: POINTER,
  imagePullSecrets: LIST,
  hostname: SCALAR,
  subdomain: SCALAR,
  affinity: POINTER,
  schedulerName: SCALAR,
  tolerations: LIST,
  hostAliases: LIST,
  priorityClassName: SCALAR,
  priority: POINTER,
  dnsConfig: POINTER,
  readinessGates: LIST,
  runtimeClassName: POINTER,
  enableServiceLinks: POINTER,
  preemptionPolicy: POINTER,
  overhead: MAP,
  topologySpreadConstraints: LIST,
  setHostnameAsFQDN: POINTER,
  os: POINTER,
  hostUsers: POINTER,
  schedulingGates: LIST,
  resourceClaims: LIST,
  resources: POINTER,
});

const POD_TEMPLATE_SPEC = struct({ metadata: OBJECT_META, spec: POD_SPEC });

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The field's value as a typed Go value would write it back, or `undefined` where that value is the field's absence. */
function normaliseField(type: FieldType, value: unknown): unknown {
  // Decoding JSON null leaves any Go field at its zero value (metav1.Time decodes it to the zero time).
  if (value === null || value === undefined) return undefined;
  switch (type.kind) {
    case "scalar":
      return value === "" || value === 0 || value === false ? undefined : value;
    case "time":
      return value;
    case "map":
      return isPlainObject(value) && Object.keys(value).length === 0 ? undefined : value;
    case "list":
      if (!Array.isArray(value)) return value;
      if (value.length === 0) return undefined;
      return type.of ? normaliseElements(type.of, value) : value;
    case "pointer":
      return type.to && isPlainObject(value) ? normaliseStruct(type.to, value) : value;
    case "struct": {
      if (!isPlainObject(value)) return value;
      const out = normaliseStruct(type, value);
      return Object.keys(out).length === 0 ? undefined : out;
    }
  }
}

/** Elements keep their place even when empty: a slice's length is significant. */
function normaliseElements(of: StructType, list: unknown[]): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    const n = isPlainObject(v) ? normaliseStruct(of, v) : v;
    if (n !== v) (out ??= list.slice())[i] = n;
  }
  return out ?? list;
}

/** Copies only when a member changes, so a template already written without zero values is returned as it is. */
function normaliseStruct(type: StructType, obj: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(obj)) {
    const fieldType = type.fields[key] ?? type.otherFields;
    if (fieldType === undefined) continue;
    const n = normaliseField(fieldType, value);
    if (n === value) continue;
    out ??= { ...obj };
    if (n === undefined) delete out[key];
    else out[key] = n;
  }
  return out ?? obj;
}

/**
 * The template as the typed `v1.PodTemplateSpec` it decodes to, written back: members a Go value
 * cannot tell from absence (`metadata.creationTimestamp: null`, a container's `resources: {}`,
 * `labels: {}`, `env: []`, `hostNetwork: false`) are left out, while a pointer's empty value
 * (a volume's `emptyDir: {}`) stays.
 */
function typedPodTemplate(template: PodTemplateSpec | undefined): PodTemplateSpec {
  return (normaliseField(POD_TEMPLATE_SPEC, template) ?? {}) as PodTemplateSpec;
}

function withoutHashLabel(template: PodTemplateSpec): PodTemplateSpec {
  const labels = template.metadata?.labels;
  if (labels === undefined || !(POD_TEMPLATE_HASH_LABEL in labels)) return template;
  const rest = { ...labels };
  delete rest[POD_TEMPLATE_HASH_LABEL];
  return { ...template, metadata: { ...template.metadata, labels: rest } };
}

/**
 * The real controllers' `EqualIgnoreHash`: whether two pod templates are semantically equal
 * (`apiequality.Semantic.DeepEqual` of the typed values) once the pod-template-hash label is
 * removed. Clients that send a template back as a typed Go object (`kubectl rollout undo`) add
 * zero values the stored template lacks; comparing the JSON as written would miss the
 * ReplicaSet that already runs that template.
 *
 * @example
 * ```ts
 * equalIgnoreHash(
 *   { metadata: { labels: { app: "web", "pod-template-hash": "5d8f7" } }, spec: { containers: [{ name: "c", image: "nginx" }] } },
 *   { metadata: { creationTimestamp: null, labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx", resources: {} }] } },
 * ); // true
 * ```
 */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return sameContent(typedPodTemplate(withoutHashLabel(a ?? {})), typedPodTemplate(withoutHashLabel(b ?? {})));
}
