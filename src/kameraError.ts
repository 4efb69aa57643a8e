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
