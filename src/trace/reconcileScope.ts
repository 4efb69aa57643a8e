import { AsyncLocalStorage } from "node:async_hooks";

/** What a traced reconcile knows while it runs: its id and the causal root it has read. */
export interface ReconcileScope {
  readonly id: string;
  readonly controller: string;
  rootId: string | null;
}

let storage: AsyncLocalStorage<ReconcileScope> | undefined;

/**
 * The reconcile a client call belongs to. Async-local, so concurrent reconciles (a live controller
 * with several workers, or parallel exploration) each see their own. Created on first use, not
 * when the module loads: the public API (and so this module) is also bundled into the browser
 * inspector, where `node:async_hooks` is a stub that throws when used.
 */
export function reconcileScope(): AsyncLocalStorage<ReconcileScope> {
  storage ??= new AsyncLocalStorage<ReconcileScope>();
  return storage;
}
