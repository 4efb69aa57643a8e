/** Registries whose tags the real controller does not resolve (config-deployment's default `registries-skipping-tag-resolving`). */
const SKIPPED_REGISTRIES = new Set(["kind.local", "ko.local", "dev.local"]);

/** 32-bit FNV-1a of `text`, starting from `seed`: small, dependency-free and identical in Node and browsers. */
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A sha256-shaped digest (64 hex digits) that is a pure function of `text`. */
export function fakeSha256(text: string): string {
  let out = "";
  for (let round = 0; round < 8; round++) out += fnv1a(text, Math.imul(round + 1, 0x9e3779b9)).toString(16).padStart(8, "0");
  return out;
}

/**
 * What Knative's digest resolver writes to `status.containerStatuses[].imageDigest` for an image:
 * the fully qualified repository with a `@sha256:` digest in place of the tag
 * (`nginx:1.25` → `index.docker.io/library/nginx@sha256:…`). The model cannot ask a registry,
 * so the digest is a deterministic fake derived from the normalized image name and tag: the same
 * image always resolves to the same digest, different tags to different digests. Images that
 * already carry a digest, and images in registries configured to be skipped, resolve to themselves.
 *
 * @example
 * ```ts
 * resolveImageDigest("ghcr.io/knative/helloworld-go:latest"); // "ghcr.io/knative/helloworld-go@sha256:…"
 * ```
 */
export function resolveImageDigest(image: string): string {
  if (typeof image !== "string" || image.trim() === "" || /\s/.test(image)) {
    throw new Error(`image reference ${JSON.stringify(image)} is not valid`);
  }
  if (image.includes("@sha256:")) return image;
  const slash = image.indexOf("/");
  const first = slash < 0 ? "" : image.slice(0, slash);
  const hasRegistry = first !== "" && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasRegistry && SKIPPED_REGISTRIES.has(first)) return image;
  // A colon after the last slash separates the tag; a colon before it belongs to a registry port.
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  const repo = colon < 0 ? image : image.slice(0, colon);
  const tag = colon < 0 ? "latest" : image.slice(colon + 1);
  const qualified = hasRegistry ? repo : `index.docker.io/${repo.includes("/") ? repo : `library/${repo}`}`;
  return `${qualified}@sha256:${fakeSha256(`${qualified}:${tag}`)}`;
}
