/** @module transport/pages  HTML of the demo host pages and the widget's embed (frame) page. */
export { renderDemoPage, strictHostCsp, DEMO_SITE_CSS, type DemoPageOptions } from './demo-page.js';
export { renderEmbedPage, renderUnknownAgencyPage } from './embed-page.js';
export { escapeHtml } from './html.js';
export { renderConsolePage } from './console-page.js';
