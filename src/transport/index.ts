/** @module transport  HTTP (express) and the widget WebSocket (ws) on one server. */
export { createHttpApp, type HttpAppDeps } from './http-app.js';
export { attachWidgetSockets, MAX_FRAME_BYTES } from './ws-server.js';
export { WidgetSession, type WidgetSessionDeps } from './widget-session.js';
export { createWidgetRoutes, type WidgetRoutesDeps, type WidgetAssets } from './widget-routes.js';
export { createOperatorRoutes, consoleCsp, type OperatorRoutesDeps, type ConsoleAssets } from './operator-routes.js';
export { attachOperatorSockets, OperatorSession, type OperatorSocketDeps } from './operator-socket.js';
export { listRoutes } from './route-list.js';
