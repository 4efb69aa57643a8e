import type { Core } from "../../bindings/core.ts";
import { KameraError } from "../kameraError.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { VersionTable } from "../objects/versionTable.ts";

/** Versions per sender whose hash is computed again here, to catch a worker that loaded another scenario or other masks. */
const CHECKED_PER_SENDER = 64;

/**
 * Object versions that arrive in messages, interned into this worker's (or the coordinator's)
 * table by the content hash they travel with. Normalizing and encoding a version to hash it is a
 * large part of what a reconcile costs (masks, canonical JSON, a deep copy and freeze), and every
 * version that crosses a link would otherwise pay it again on arrival — about as many as the
 * states that cross, which is half of them with two workers. The first versions from each sender
 * are still hashed here and compared, so a sender whose masks differ fails the run at once with
 * the reason, rather than merging states that are not equal.
 *
 * @example
 * ```ts
 * const received = new ReceivedVersions(core, codec.versions);
 * const id = received.version("core/ConfigMap", object, hash, 1);
 * ```
 */
export class ReceivedVersions {
  private readonly checked: number[] = [];

  constructor(
    private readonly core: Core,
    private readonly versions: VersionTable,
  ) {}

  /** This table's id of a version `sender` (named `senderName` in errors) sent as `object` with content hash `hash` (the object is the message's own copy). */
  version(kind: string, object: KubeObject, hash: bigint, sender: number, senderName = `worker ${sender}`): number {
    const seen = this.checked[sender] ?? 0;
    if (seen < CHECKED_PER_SENDER) {
      this.checked[sender] = seen + 1;
      const here = this.versions.contentHash(kind, object);
      if (here !== hash) {
        const m = object.metadata;
        throw new KameraError(
          `${senderName} sent ${kind} ${m?.namespace ? `${m.namespace}/` : ""}${m?.name ?? "(unnamed)"} with content hash ${hash.toString(16)}, which is ${here.toString(16)} here: ` +
            "every worker must load the same scenario with the same masks",
        );
      }
    }
    const before = this.versions.size;
    const id = this.versions.internHashed(kind, hash, object, true);
    if (this.versions.size > before) this.core.registerVersion(id, hash);
    return id;
  }
}
