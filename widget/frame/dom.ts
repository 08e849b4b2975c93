export { el } from '../shared/dom.js';

export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}
