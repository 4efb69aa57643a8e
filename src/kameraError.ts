import { CoreError } from "../bindings/coreError.ts";

/**
 * An error in what the user gave kamera — a bad kind string, a malformed object, an unknown
 * reconciler id, a bad flag, a corrupt dump — as opposed to an `ApiError`, which a simulated
 * API server returns to a reconciler. The message says what was wrong and what was expected.
 *
 * @example
 * ```ts
 * try { parseKind("Pod"); } catch (e) { if (e instanceof KameraError) console.error(e.message); }
 * ```
 */
export class KameraError extends Error {
  override readonly name = "KameraError";
  constructor(message: string) {
    super(message);
  }
}

/**
 * Whether an error's message alone tells the user what went wrong: a `KameraError`, or a
 * `CoreError` from the exploration core (bindings/ has its own error type so that it imports
 * nothing from src/). Anything else is a bug and is reported with its stack.
 *
 * @example
 * ```ts
 * catch (e) { console.error(isReportableError(e) ? e.message : e); }
 * ```
 */
export function isReportableError(e: unknown): e is KameraError | CoreError {
  return e instanceof KameraError || e instanceof CoreError;
}
