/**
 * @module widget
 * Node-side front door of the embeddable widget: the in-memory bundler and the config type the embed page
 * hands the frame. Browser code lives in `loader/` (widget.js) and `frame/` (the chat app).
 */
export { buildWidget, type WidgetBundle } from './build.js';
export { CONFIG_ELEMENT_ID, type FrameConfig } from './shared/config.js';
