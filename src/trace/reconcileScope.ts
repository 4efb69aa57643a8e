import { AsyncLocalStorage } from "node:async_hooks";

/** What a traced reconcile knows while it runs: its id and the causal root it has read. */
export interface ReconcileScope {
  readonly id: string;
  readonly controller: string;
  rootId: string | null;
}

/**
 * The reconcile a client call belongs to. Async-local, so concurrent reconciles (a live controller
 * with several workers, or parallel exploration) each see their own.
 */
export const reconcileScope = new AsyncLocalStorage<ReconcileScope>();
