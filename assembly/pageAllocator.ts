// Memory of the core, in 64 KiB pages. Every structure of the core is built from pages (paged
// columns, see column.ts) or from runs of fresh contiguous pages (the boundary buffers), so a page
// freed by one structure (an outgrown visited table, a finished analysis) is reused by any other
// without fragmentation. The module never uses the AssemblyScript heap: fresh pages come straight
// from memory above __heap_base.
//
// The memory is imported, so a host may hand a new instance the memory of a disposed one: its
// pages are then already mapped, which spares the page faults of touching fresh memory (the
// dominant cost of storing states on some virtual machines), but they hold old contents. So every
// page below the memory's size at first use is zeroed when it is handed out (the host zeroes the
// static data below __heap_base itself, before instantiating); pages from memory.grow are zero.

/** Bytes in a page. */
export const PAGE: u32 = 65536;

let nextFresh: usize = 0;
let memoryEnd: usize = 0;
/** End of the memory the instance started with: pages below it may hold a previous instance's data. */
let dirtyEnd: usize = 0;
/** Intrusive list of free pages: each free page starts with the address of the next. */
let freeHead: usize = 0;
let pagesHeld: u32 = 0;

function fresh(pages: u32): usize {
  if (nextFresh == 0) {
    nextFresh = (__heap_base + <usize>(PAGE - 1)) & ~<usize>(PAGE - 1);
    memoryEnd = <usize>memory.size() << 16;
    dirtyEnd = memoryEnd;
  }
  const p = nextFresh;
  const end = p + (<usize>pages << 16);
  if (p < dirtyEnd) memory.fill(p, 0, min<usize>(end, dirtyEnd) - p);
  if (end > memoryEnd) {
    const need = <i32>((end - memoryEnd) >> 16);
    // Grow by at least an eighth of the current size so growth is rare, but no more than that
    // so the module's footprint stays close to what it holds.
    const step = max<i32>(need, max<i32>(16, memory.size() >> 3));
    if (memory.grow(step) < 0 && memory.grow(need) < 0) abort("kamera core: out of Wasm memory");
    memoryEnd = <usize>memory.size() << 16;
  }
  nextFresh = end;
  pagesHeld += pages;
  return p;
}

/** One zeroed page. */
export function allocPage(): usize {
  if (freeHead != 0) {
    const p = freeHead;
    freeHead = load<usize>(p);
    memory.fill(p, 0, PAGE);
    pagesHeld++;
    return p;
  }
  return fresh(1);
}

/** `pages` zeroed contiguous pages (a single page may come from the free list). */
export function allocRun(pages: u32): usize {
  if (pages == 1) return allocPage();
  return fresh(pages);
}

/** Returns `pages` contiguous pages starting at `p` for reuse. */
export function freeRun(p: usize, pages: u32): void {
  for (let i: u32 = 0; i < pages; i++) {
    const q = p + (<usize>i << 16);
    store<usize>(q, freeHead);
    freeHead = q;
  }
  pagesHeld -= pages;
}

/** Pages currently held by structures of the core. */
export function heldPages(): u32 {
  return pagesHeld;
}
