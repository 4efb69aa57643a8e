/** Attributes and listeners `el` accepts: `on*` keys become listeners, `class`/`data-*`/others become attributes. */
export type ElementProps = Record<string, string | number | boolean | undefined | ((event: never) => void)>;

/** A child of `el`: text, an element, or nothing (skipped, so conditional children read naturally). */
export type Child = Node | string | number | false | null | undefined;

/**
 * Creates an element with attributes, listeners and children. The inspector's views are small and
 * re-rendered whole on selection changes, so a one-function builder replaces a UI framework.
 * Text children are always set as text nodes, never parsed as HTML: object contents from a dump
 * cannot inject markup.
 *
 * @example
 * ```ts
 * el("button", { class: "primary", onclick: () => run() }, "Run");
 * ```
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value as EventListener);
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Appends children as `el` does (text as text nodes; false, null and undefined skipped). */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}
