// The core's whole exported surface. (Filled in by the state store, visited set, frontier and graph.)
export function coreVersion(): u32 {
  return 1;
}
