/**
 * The popup's only way to build DOM: elements from createElement, text from text nodes
 * (uBlock's `dom.text`). Header text can never become markup here; attributes are limited to a
 * fixed set, so no `href`/`on*`/`style` can be set from data.
 */
type Child = Node | string | null | undefined | false;

const ALLOWED_ATTRIBUTES = new Set([
  'class',
  'id',
  'role',
  'title',
  'type',
  'for',
  'tabindex',
  'hidden',
  'data-testid',
  'data-severity',
  'data-result',
  'data-status',
  'data-state',
  'aria-label',
  'aria-live',
  'aria-labelledby',
  'aria-describedby',
  'aria-hidden',
  'aria-expanded',
  'aria-controls',
  'aria-current',
  'aria-disabled',
  'aria-busy',
  'placeholder',
  'rows',
  'accept',
  'lang',
  'dir',
]);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | boolean | undefined>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (!ALLOWED_ATTRIBUTES.has(name)) throw new Error(`attribute not allowed: ${name}`);
    el.setAttribute(name, value === true ? '' : value);
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}
