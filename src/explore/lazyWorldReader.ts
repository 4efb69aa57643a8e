import type { World } from "../apiserver/world.ts";
import type { WorldEntry, WorldReader } from "../apiserver/worldReader.ts";
import type { KubeObject } from "../objects/kubeObject.ts";

/**
 * The world after a run's writes, as a reader that makes it only when first read: a replayed
 * run's world is built on demand (`MemoizedReconciles`), and the trigger functions that read it
 * (the garbage collector's) often return before they do.
 */
export class LazyWorldReader implements WorldReader {
  constructor(private readonly out: { readonly world: World; objectAfter?(kind: string, namespace: string, name: string): KubeObject | undefined }) {}
  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    // One object is answered without making the whole world, where the run can.
    return this.out.objectAfter ? this.out.objectAfter(kind, namespace, name) : this.out.world.get(kind, namespace, name);
  }
  list(kind: string): readonly KubeObject[] {
    return this.out.world.list(kind);
  }
  all(): readonly KubeObject[] {
    return this.out.world.all();
  }
  findByUid(uid: string): WorldEntry | undefined {
    return this.out.world.findByUid(uid);
  }
  dependentsOf(ownerUid: string): readonly WorldEntry[] {
    return this.out.world.dependentsOf(ownerUid);
  }
}
