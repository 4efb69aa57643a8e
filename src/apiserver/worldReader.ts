import type { KubeObject } from "../objects/kubeObject.ts";

/** An object of a world together with its canonical kind. */
export interface WorldEntry {
  readonly key: string;
  readonly kind: string;
  readonly object: KubeObject;
}

/** Read access to a world, for trigger functions of built-in controllers. */
export interface WorldReader {
  get(kind: string, namespace: string, name: string): KubeObject | undefined;
  /** All objects of a kind (all namespaces), sorted by namespace then name. */
  list(kind: string): readonly KubeObject[];
  /** All objects, sorted by kind, namespace, name. */
  all(): readonly KubeObject[];
  /** The object whose `metadata.uid` is `uid`, with its kind (worlds kamera builds index it; readers without it are scanned with `all()`). */
  findByUid?(uid: string): WorldEntry | undefined;
  /** The objects with an ownerReference to `ownerUid`, sorted by kind, namespace, name (indexed like `findByUid`). */
  dependentsOf?(ownerUid: string): readonly WorldEntry[];
}
