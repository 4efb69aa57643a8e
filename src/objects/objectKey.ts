/**
 * The identity of an object in the world: `(kind, namespace, name)`, with namespace "" for
 * cluster-scoped kinds. The string form sorts by kind, then namespace, then name.
 */
export interface ObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

/** `"kind\u0000namespace\u0000name"`: unambiguous (no part can contain NUL) and sorts as the tuple does. */
export function objectKeyString(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

export function parseObjectKeyString(key: string): ObjectKey {
  const [kind, namespace, name] = key.split("\u0000") as [string, string, string];
  return { kind, namespace, name };
}
