/** Objects this module froze all the way down, so freezing them again costs nothing. */
const deeplyFrozen = new WeakSet<object>();

/**
 * Freezes `value` and everything reachable from it (own properties of objects and arrays), in
 * place, and returns it. Subtrees already frozen by `deepFreeze` are skipped, so freezing a new
 * object that shares structure with frozen ones only walks the new parts. Cycles are fine. A
 * `Date` is frozen as an object but its time can still be set through `setTime` (the time is an
 * internal slot); kamera stores timestamps as strings, so this does not arise in stored objects.
 * Typed arrays and array buffers are left as they are: they cannot be frozen.
 *
 * @example
 * ```ts
 * const cm = deepFreeze({ metadata: { name: "cfg" }, data: { a: "1" } });
 * Object.isFrozen(cm.data); // true
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || deeplyFrozen.has(value)) return value;
  const stack: object[] = [value];
  // Mark before descending, so a cycle back to an object being frozen stops there.
  while (stack.length > 0) {
    const obj = stack.pop()!;
    if (deeplyFrozen.has(obj) || ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) continue;
    deeplyFrozen.add(obj);
    for (const key of Reflect.ownKeys(obj)) {
      const desc = Object.getOwnPropertyDescriptor(obj, key);
      const child = desc?.value as unknown;
      if (typeof child === "object" && child !== null && !deeplyFrozen.has(child)) stack.push(child);
    }
    Object.freeze(obj);
  }
  return value;
}

/**
 * `deepFreeze` for plain JSON data this program built itself — objects and arrays whose own
 * properties are all enumerable data properties, such as the API server's wire copies of request
 * bodies and `deepCopy`'s output, possibly sharing subtrees `deepFreeze` froze before. It reads
 * properties directly instead of through their descriptors, which made freezing every written
 * object a visible share of a reconcile. Never give it a caller's object: a getter would run,
 * and a non-enumerable or symbol-keyed property would be left unfrozen.
 *
 * @example
 * ```ts
 * const stored = deepFreezeData(wireCopyOf(body));
 * ```
 */
export function deepFreezeData<T>(value: T): T {
  if (typeof value !== "object" || value === null || isMarked(value)) return value;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const obj = stack.pop()!;
    if (isMarked(obj)) continue;
    const before = stack.length;
    if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) {
        const child: unknown = obj[i];
        if (typeof child === "object" && child !== null && !isMarked(child)) stack.push(child);
      }
    } else {
      const record = obj as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const child = record[key];
        if (typeof child === "object" && child !== null && !isMarked(child)) stack.push(child);
      }
    }
    // Only objects with something left to visit below them are marked (before it is visited, so
    // a cycle stops here): marking costs more than freezing, and most objects of a stored object
    // are leaves of primitives, deeply frozen as they are (`isDeepFrozen` knows them). An
    // unmarked object met again is walked again, which finds nothing to do.
    if (stack.length !== before) deeplyFrozen.add(obj);
    Object.freeze(obj);
  }
  return value;
}

/** Marked deeply frozen; an object not frozen at all cannot be, which saves the set lookup. */
function isMarked(obj: object): boolean {
  return Object.isFrozen(obj) && deeplyFrozen.has(obj);
}

/**
 * Whether `value` was frozen all the way down by `deepFreeze` (a primitive counts as frozen).
 * `Object.isFrozen` alone does not say this: a caller may have frozen only the top level.
 */
export function isDeepFrozen(value: unknown): boolean {
  return typeof value !== "object" || value === null || deeplyFrozen.has(value) || isFrozenLeaf(value);
}

/** A frozen object or array whose own properties are all primitives (`deepFreezeData` leaves these unmarked). */
function isFrozenLeaf(obj: object): boolean {
  if (!Object.isFrozen(obj)) return false;
  for (const key of Reflect.ownKeys(obj)) {
    const desc = Object.getOwnPropertyDescriptor(obj, key);
    if (desc === undefined || desc.get !== undefined || desc.set !== undefined) return false;
    if (typeof desc.value === "object" && desc.value !== null) return false;
  }
  return true;
}
