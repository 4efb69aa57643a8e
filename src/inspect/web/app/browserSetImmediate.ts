/**
 * The explorer yields to the event loop with `setImmediate` (a Node function) during long
 * synchronous stretches, so that a stop request can arrive. Browsers have no `setImmediate`; this
 * module installs one built on a `MessageChannel`, which, unlike `setTimeout(0)`, is not clamped
 * to 4 ms when nested and still lets queued messages (the page's stop button) run in between.
 * Imported for its effect by the exploration worker, before the explorer.
 */
type Immediate = (callback: (...args: unknown[]) => void, ...args: unknown[]) => unknown;
const scope = globalThis as unknown as { setImmediate?: Immediate };

if (typeof scope.setImmediate !== "function") {
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => {
    queue.shift()?.();
  };
  scope.setImmediate = (callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    queue.push(() => callback(...args));
    channel.port2.postMessage(null);
    return undefined;
  };
}

export {};
