import { TRACE_LENSES, type TraceLens } from "./inspectedTrace.ts";

/**
 * Where the trace page is: the lens, its selected item (an object key, a root id, a write's event
 * id) and a part of the item's detail (a resourceVersion, an event id), as the URL's fragment keeps it.
 */
export interface TracePlace {
  lens: TraceLens;
  item?: string;
  focus?: string;
}

/**
 * A place from a URL fragment (`#lens=knowledge&item=<event id>`); unknown lenses fall back to
 * lifecycle. `kamera trace --web --lens/--object/--root` prints a URL with such a fragment.
 *
 * @example
 * ```ts
 * placeOfFragment("#lens=lifecycle&item=core%2FConfigMap%2Fdefault%2Fweb"); // { lens: "lifecycle", item: "core/ConfigMap/default/web" }
 * ```
 */
export function placeOfFragment(fragment: string): TracePlace {
  const params = new URLSearchParams(fragment.replace(/^#/, ""));
  const lens = params.get("lens");
  const item = params.get("item");
  const focus = params.get("focus");
  return {
    lens: (TRACE_LENSES as readonly string[]).includes(lens ?? "") ? (lens as TraceLens) : "lifecycle",
    ...(item ? { item } : {}),
    ...(focus ? { focus } : {}),
  };
}

/** The URL fragment of a place (see `placeOfFragment`). */
export function fragmentOfPlace(place: TracePlace): string {
  const params = new URLSearchParams({ lens: place.lens });
  if (place.item !== undefined) params.set("item", place.item);
  if (place.focus !== undefined) params.set("focus", place.focus);
  return `#${params.toString()}`;
}
