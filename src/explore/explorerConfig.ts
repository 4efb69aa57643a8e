import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { KindRegistry } from "../kinds.ts";
import type { InvariantRegistration } from "./invariant.ts";
import type { StalenessOptions } from "./staleness.ts";

/**
 * Everything an Explorer is built from (frozen copy taken by `ExplorerBuilder.build()`);
 * `registrations` include the garbage collector unless turned off. Its own file, so that the
 * explorer, the model and the builder can all read it without importing each other.
 */
export interface ExplorerConfig {
  maxDepth: number;
  registrations: ControllerRegistration[];
  kinds: KindRegistry;
  invariants: InvariantRegistration[];
  staleness: Map<string, StalenessOptions>;
  masks: Map<string, string[]>;
  tickMs: number;
}
