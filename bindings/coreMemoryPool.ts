/**
 * Memories of disposed Wasm cores, kept to back the next core. A new core's structures live in
 * fresh linear memory, and the first touch of every 4 KiB page of it is a page fault: on virtual
 * machines that trap page faults to the hypervisor that costs 10–15 µs a page, a third of the
 * time of storing a state. A memory handed back by `dispose()` is already mapped; the new
 * instance zeroes each page of it as it takes the page (assembly/pageAllocator.ts), which costs
 * far less than the fault. Only small memories are kept, and only a few, so a process does not
 * hold on to the memory of a large exploration once it is disposed.
 */

/** Pages of the core's initial memory (asconfig.json `initialMemory`). */
export const INITIAL_PAGES = 16;
/** Bytes zeroed by the host before reuse: the static data must end below this. */
export const ZEROED_BYTES = INITIAL_PAGES * 65536;
/** A memory larger than this is dropped on dispose instead of kept. */
const MAX_KEPT_BYTES = 64 * 2 ** 20;
/** How many memories are kept at most. */
const MAX_KEPT = 2;

const kept: WebAssembly.Memory[] = [];

/**
 * A memory for a new core instance: a kept one, its first `ZEROED_BYTES` zeroed (the instance's
 * data segments are written again when it is instantiated), or a fresh one.
 */
export function takeCoreMemory(): WebAssembly.Memory {
  const memory = kept.pop();
  if (memory === undefined) return new WebAssembly.Memory({ initial: INITIAL_PAGES });
  new Uint8Array(memory.buffer, 0, ZEROED_BYTES).fill(0);
  return memory;
}

/** Keeps the memory of a disposed core for the next one; its instance must never be called again. */
export function keepCoreMemory(memory: WebAssembly.Memory): void {
  if (kept.length < MAX_KEPT && memory.buffer.byteLength <= MAX_KEPT_BYTES && !kept.includes(memory)) kept.push(memory);
}

/** Lets go of every kept memory (a fresh-memory measurement, or a process freeing what it can). */
export function dropKeptCoreMemories(): void {
  kept.length = 0;
}

/** Memories currently kept. */
export function keptCoreMemories(): number {
  return kept.length;
}
