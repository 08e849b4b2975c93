/**
 * @module widget
 * Node-side front door of the embeddable widget: the in-memory bundler (the frame's config type is
 * `EmbedConfig` in src/protocol). Browser code lives in `loader/` (widget.js) and `frame/` (the chat app).
 */
export { buildWidget, type WidgetBundle } from './build.js';
