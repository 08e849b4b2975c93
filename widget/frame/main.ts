/**
 * @module widget/frame
 * Entry of the chat app that runs inside the /embed frame on the Switchboard origin. Reads its agency
 * config from the page's JSON data block and the language and host origin from the query string.
 */
import type { EMBED_CONFIG_ELEMENT_ID, EmbedConfig } from '../../src/protocol/index.js';
import { pickLanguage } from '../shared/language.js';
import { ChatApp } from './app.js';

// The widget imports only types from the protocol (no zod in the bundle); the type pins this to the
// server's constant, so the compiler fails if the two ever differ.
const CONFIG_ELEMENT_ID: typeof EMBED_CONFIG_ELEMENT_ID = 'swb-config';

function hostOrigin(params: URLSearchParams): string | undefined {
  if (window.parent === window) return undefined;
  const claimed = params.get('host') ?? '';
  // Where the browser tells us who embeds us, believe it over the query string.
  const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  const actual = ancestors?.length ? ancestors[0] : undefined;
  if (actual) return actual;
  return /^https?:\/\/[^/]+$/.test(claimed) ? claimed : undefined;
}

function start(): void {
  const data = document.getElementById(CONFIG_ELEMENT_ID)?.textContent;
  const root = document.getElementById('swb-app');
  if (!data || !root) return;
  const config = JSON.parse(data) as EmbedConfig;
  const params = new URLSearchParams(location.search);
  const language = pickLanguage(params.get('lang'), undefined, navigator.languages ?? []);
  const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${config.wsPath}`;
  new ChatApp(config, { language, hostOrigin: hostOrigin(params), wsUrl }).mount(root);
}

start();
