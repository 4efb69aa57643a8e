// In-place ascending sort of u32 values in contiguous memory: quicksort with median-of-three
// pivots, insertion sort below 16 elements, and an explicit stack (always deferring the larger
// side) so depth stays logarithmic without recursion.

const STACK: usize = memory.data(64 * 8);

// @ts-ignore: decorator
@inline function get(base: usize, i: i32): u32 {
  return load<u32>(base + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function put(base: usize, i: i32, v: u32): void {
  store<u32>(base + (<usize>i << 2), v);
}

function insertion(base: usize, lo: i32, hi: i32): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = get(base, i);
    let j = i - 1;
    while (j >= lo && get(base, j) > v) {
      put(base, j + 1, get(base, j));
      j--;
    }
    put(base, j + 1, v);
  }
}

/** Sorts the n u32 values at base ascending. */
export function sortU32(base: usize, n: u32): void {
  let sp = 0;
  let lo: i32 = 0;
  let hi: i32 = <i32>n - 1;
  for (;;) {
    while (hi - lo >= 16) {
      const mid = lo + ((hi - lo) >> 1);
      // Median of three into mid.
      if (get(base, mid) < get(base, lo)) { const t = get(base, mid); put(base, mid, get(base, lo)); put(base, lo, t); }
      if (get(base, hi) < get(base, lo)) { const t = get(base, hi); put(base, hi, get(base, lo)); put(base, lo, t); }
      if (get(base, hi) < get(base, mid)) { const t = get(base, hi); put(base, hi, get(base, mid)); put(base, mid, t); }
      const pivot = get(base, mid);
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (get(base, i) < pivot) i++;
        while (get(base, j) > pivot) j--;
        if (i <= j) {
          const t = get(base, i);
          put(base, i, get(base, j));
          put(base, j, t);
          i++;
          j--;
        }
      }
      // [lo, j] and [i, hi] remain; defer the larger, continue with the smaller.
      if (j - lo > hi - i) {
        store<i32>(STACK + (<usize>sp << 3), lo);
        store<i32>(STACK + (<usize>sp << 3), j, 4);
        sp++;
        lo = i;
      } else {
        store<i32>(STACK + (<usize>sp << 3), i);
        store<i32>(STACK + (<usize>sp << 3), hi, 4);
        sp++;
        hi = j;
      }
    }
    insertion(base, lo, hi);
    if (sp == 0) return;
    sp--;
    lo = load<i32>(STACK + (<usize>sp << 3));
    hi = load<i32>(STACK + (<usize>sp << 3), 4);
  }
}
