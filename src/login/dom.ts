/**
 * The few DOM calls the element's own view is built with (the header bar, the language switch,
 * the popover, the panel's header and its busy state): no template engine in the file every page
 * loads (issue 15). lit-html comes with the form's chunk, which renders the panel's body and the
 * light-DOM form (`panel.ts`), and with the chunks of the passkey offer and the session warning.
 * Nodes are built once and updated in place, so focus and live regions stay where they are.
 */

/** An attribute's value: `null`, `undefined` or `false` for none, `true` for an empty one. */
type Value = string | number | boolean | null | undefined;

/** A new element with attributes, listeners (`@click`: a function) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, Value | ((event: Event) => void)> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.slice(1), value);
    else attr(element, name, value);
  }
  element.append(...children);
  return element;
}

/** Sets or removes an attribute, when it differs. */
export function attr(element: Element, name: string, value: Value): void {
  const text = value === true ? '' : value === false || value == null ? null : `${value}`;
  if (element.getAttribute(name) === text) return;
  if (text === null) element.removeAttribute(name);
  else element.setAttribute(name, text);
}

/** Sets a node's text, when it differs (a live region is not told the same thing again). */
export function text(node: Node, value: string): void {
  if (node.textContent !== value) node.textContent = value;
}

/**
 * Makes `nodes` (the truthy ones, in order) the children of `parent`. A node that stays is not
 * moved, so a focused button keeps focus; the others are removed first, then the new ones inserted.
 */
export function children(parent: ParentNode, ...nodes: (Node | null | undefined | false | '')[]): void {
  const list = nodes.filter((node): node is Node => !!node);
  for (const child of [...parent.childNodes]) if (!list.includes(child)) child.remove();
  list.forEach((node, index) => {
    const at = parent.childNodes[index];
    if (at !== node) parent.insertBefore(node, at ?? null);
  });
}
