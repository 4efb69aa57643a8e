import type { StateCodec } from "../explore/stateCodec.ts";
import { emptyDictionary, type Dictionary } from "./shardMessages.ts";

/**
 * Ids for incarnation counts, one numbering per sender (shared by all its outboxes). Counts maps
 * are shared between states that were reached by the same creates, so they are numbered by
 * identity: the same map is numbered once.
 */
export class IncarnationIds {
  private readonly ids = new WeakMap<ReadonlyMap<string, number>, number>();
  private count = 0;

  id(incarnations: ReadonlyMap<string, number>): number {
    let id = this.ids.get(incarnations);
    if (id === undefined) {
      id = this.count++;
      this.ids.set(incarnations, id);
    }
    return id;
  }
}

/**
 * What one receiver has been sent of a sender's interned ids, and what waits to go to it. The
 * packed numbers of a message are the sender's ids; each id's content goes into the message's
 * dictionary the first time this receiver is sent it, so an object version crosses each link
 * once. Workers keep one per other worker and one for the coordinator; the coordinator keeps one
 * per worker for the states it asks workers to expand.
 *
 * @example
 * ```ts
 * const box = new Outbox(codec, new IncarnationIds());
 * box.packInto(core.slots(s), core.pending(s)); // [nSlots, (key, version)…, nPending, request…]
 * ```
 */
export class Outbox {
  dict: Dictionary = emptyDictionary();
  buf: number[] = [];
  count = 0;
  private readonly keys: boolean[] = [];
  private readonly versions: boolean[] = [];
  private readonly requests: boolean[] = [];
  private readonly incarnations: boolean[] = [];
  /** Step records sent (a worker's, to the coordinator). */
  readonly steps: boolean[] = [];

  constructor(
    private readonly codec: StateCodec,
    private readonly incarnationIds: IncarnationIds,
  ) {}

  /** Appends [nSlots, slots…, nPending, pending…] to `buf`, adding what the receiver lacks to the dictionary. */
  packInto(slots: Uint32Array, pending: Uint32Array, buf: number[] = this.buf): void {
    buf.push(slots.length >> 1);
    for (let i = 0; i < slots.length; i += 2) buf.push(this.keyRef(slots[i]!), this.versionRef(slots[i]!, slots[i + 1]!));
    buf.push(pending.length);
    for (let i = 0; i < pending.length; i++) buf.push(this.requestRef(pending[i]!));
  }

  keyRef(id: number): number {
    if (!this.keys[id]) {
      this.keys[id] = true;
      const k = this.codec.key(id);
      this.dict.keys.push([id, k.kind, k.namespace, k.name]);
    }
    return id;
  }

  /** `id` of a version written under key `key` (a version is interned per kind: masks differ by kind). */
  versionRef(key: number, id: number): number {
    if (id !== 0 && !this.versions[id]) {
      this.versions[id] = true;
      this.dict.versions.push([id, this.codec.key(key).kind, this.codec.versions.object(id), this.codec.versions.hash(id)]);
    }
    return id;
  }

  requestRef(id: number): number {
    if (!this.requests[id]) {
      this.requests[id] = true;
      const r = this.codec.request(id);
      this.dict.requests.push([id, r.reconcilerId, r.request.namespace, r.request.name]);
    }
    return id;
  }

  incarnationRef(incarnations: ReadonlyMap<string, number>): number {
    const id = this.incarnationIds.id(incarnations);
    if (!this.incarnations[id]) {
      this.incarnations[id] = true;
      this.dict.incarnations.push([id, [...incarnations]]);
    }
    return id;
  }

  /** What waits, as a message's dictionary and packed numbers; the outbox is then empty (its record of what was sent stays). */
  take(): { dict: Dictionary; packed: Uint32Array } {
    const out = { dict: this.dict, packed: Uint32Array.from(this.buf) };
    this.dict = emptyDictionary();
    this.buf = [];
    this.count = 0;
    return out;
  }
}
