/**
 * A call the core rejects — an option out of range, a malformed batch, a use after `dispose()`,
 * a Wasm build that is missing or of another version. The message names the method, what was
 * wrong and what was expected. bindings/ defines its own error type so that it depends on nothing
 * above it; kamera reports a `CoreError` as cleanly as its own `KameraError` (`isReportableError`).
 *
 * @example
 * ```ts
 * try { await createCore({ engine: "gpu" as never }); } catch (e) { if (e instanceof CoreError) console.error(e.message); }
 * ```
 */
export class CoreError extends Error {
  override readonly name = "CoreError";
  constructor(message: string) {
    super(message);
  }
}
