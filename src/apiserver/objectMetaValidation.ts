/**
 * The metadata validation a real API server applies to every write (apimachinery's
 * `ValidateObjectMeta`), with its messages: names, namespaces, label keys and values,
 * finalizer names and owner references. Each problem is a field cause, as in a `V1Status`'s
 * `details.causes`: `{ field: "metadata.name", message: 'Invalid value: "Foo": a lowercase RFC 1123 ...' }`.
 */

/** One field problem of an `Invalid` (422) response. */
export interface FieldCause {
  field: string;
  message: string;
}

/** How a value is shown after "Invalid value:", the way the real server prints it. */
export function showValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === undefined || value === null) return "null";
  return JSON.stringify(value);
}

/** A `field.Invalid` cause. */
export function invalidCause(field: string, value: unknown, detail: string): FieldCause {
  return { field, message: `Invalid value: ${showValue(value)}: ${detail}` };
}

/** A `field.Required` cause. */
export function requiredCause(field: string, detail?: string): FieldCause {
  return { field, message: detail ? `Required value: ${detail}` : "Required value" };
}

/** A `field.Forbidden` cause. */
export function forbiddenCause(field: string, detail: string): FieldCause {
  return { field, message: `Forbidden: ${detail}` };
}

const DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME_PART = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE = `(${QUALIFIED_NAME_PART})?`;

const dns1123LabelRe = new RegExp(`^${DNS1123_LABEL}$`);
const dns1123SubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const dns1035LabelRe = new RegExp(`^${DNS1035_LABEL}$`);
const qualifiedNamePartRe = new RegExp(`^${QUALIFIED_NAME_PART}$`);
const labelValueRe = new RegExp(`^${LABEL_VALUE}$`);

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" +
  DNS1123_SUBDOMAIN +
  "')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '" +
  DNS1123_LABEL +
  "')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '" +
  DNS1035_LABEL +
  "')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" +
  QUALIFIED_NAME_PART +
  "')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" +
  LABEL_VALUE +
  "')";

function maxLength(n: number): string {
  return `must be no more than ${n} characters`;
}

/** Problems of a DNS-1123 subdomain (most object names): at most 253 characters. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLength(253));
  if (!dns1123SubdomainRe.test(value)) errs.push(SUBDOMAIN_MSG);
  return errs;
}

/** Problems of a DNS-1123 label (namespace names): at most 63 characters, no dots. */
export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLength(63));
  if (!dns1123LabelRe.test(value)) errs.push(LABEL_MSG);
  return errs;
}

/** Problems of a DNS-1035 label (Service names): like a DNS-1123 label, starting with a letter. */
export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLength(63));
  if (!dns1035LabelRe.test(value)) errs.push(DNS1035_MSG);
  return errs;
}

/** Problems of a qualified name (label keys, finalizers): `[prefix/]name`, prefix a DNS subdomain. */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else for (const m of dns1123SubdomainErrors(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" +
        QUALIFIED_NAME_PART +
        "') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push(`name part ${maxLength(63)}`);
  if (name.length > 0 && !qualifiedNamePartRe.test(name)) errs.push(NAME_PART_MSG);
  return errs;
}

/** Problems of a label value: empty, or at most 63 characters of the label alphabet. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLength(63));
  if (!labelValueRe.test(value)) errs.push(LABEL_VALUE_MSG);
  return errs;
}

/** Which name format a kind's objects must follow (the real server's per-kind name validation). */
export type NameFormat = "subdomain" | "dns1123Label" | "dns1035Label";

/** The name format of a kind: namespaces are DNS-1123 labels, services DNS-1035 labels, the rest subdomains. */
export function nameFormatOf(kind: string): NameFormat {
  if (kind === "core/Namespace") return "dns1123Label";
  if (kind === "core/Service") return "dns1035Label";
  return "subdomain";
}

/** Causes for an object name that its kind does not allow. */
export function nameCauses(name: string, format: NameFormat): FieldCause[] {
  const errs = format === "subdomain" ? dns1123SubdomainErrors(name) : format === "dns1123Label" ? dns1123LabelErrors(name) : dns1035LabelErrors(name);
  return errs.map((e) => invalidCause("metadata.name", name, e));
}

/** Causes for a namespace name that is not a DNS-1123 label. */
export function namespaceCauses(namespace: string): FieldCause[] {
  return dns1123LabelErrors(namespace).map((e) => invalidCause("metadata.namespace", namespace, e));
}

interface MetaLike {
  labels?: unknown;
  finalizers?: unknown;
  ownerReferences?: unknown;
}

/**
 * Causes for the parts of metadata that every write validates: label keys and values, finalizer
 * names, and owner references (apiVersion with a version, kind, name and uid non-empty; at most
 * one controller). Shapes (strings where strings belong) are checked earlier, as decoding errors.
 */
export function metadataCauses(meta: MetaLike): FieldCause[] {
  const causes: FieldCause[] = [];
  const labels = (meta.labels ?? {}) as Record<string, string>;
  for (const key of Object.keys(labels).sort()) {
    for (const e of qualifiedNameErrors(key)) causes.push(invalidCause("metadata.labels", key, e));
    for (const e of labelValueErrors(labels[key]!)) causes.push(invalidCause("metadata.labels", labels[key], e));
  }
  const finalizers = (meta.finalizers ?? []) as string[];
  finalizers.forEach((f, i) => {
    for (const e of qualifiedNameErrors(f)) causes.push(invalidCause(`metadata.finalizers[${i}]`, f, e));
  });
  const refs = (meta.ownerReferences ?? []) as { apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean }[];
  let controllerName = "";
  for (const ref of refs) {
    const apiVersion = ref.apiVersion ?? "";
    const slash = apiVersion.indexOf("/");
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    if (version === "") causes.push(invalidCause("metadata.ownerReferences.apiVersion", apiVersion, "version must not be empty"));
    if (!ref.kind) causes.push(invalidCause("metadata.ownerReferences.kind", ref.kind ?? "", "kind must not be empty"));
    if (!ref.name) causes.push(invalidCause("metadata.ownerReferences.name", ref.name ?? "", "name must not be empty"));
    if (!ref.uid) causes.push(invalidCause("metadata.ownerReferences.uid", ref.uid ?? "", "uid must not be empty"));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (controllerName !== "") {
        causes.push(
          invalidCause(
            "metadata.ownerReferences",
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${controllerName} and ${current}`,
          ),
        );
      } else {
        controllerName = current;
      }
    }
  }
  return causes;
}
