import type { AgencyManifest } from './pack.js';

/** Path of the widget WebSocket on the Switchboard origin. */
export const WIDGET_SOCKET_PATH = '/ws';

/** Id of the JSON data block in which the embed page hands the frame its `EmbedConfig`. */
export const EMBED_CONFIG_ELEMENT_ID = 'swb-config';

/**
 * What the embed page hands the frame app (a JSON data block, not a script): the public part of the
 * agency manifest and where the WebSocket lives. Nothing secret: anyone may load /embed.
 */
export type EmbedConfig = Pick<AgencyManifest, 'id' | 'name' | 'languages' | 'theme' | 'privacy'> & {
  /** Path (and query) of the WebSocket endpoint on the frame's own origin. */
  wsPath: string;
  /**
   * Every agency that may answer in this widget (the home agency included), so each bot message can name and
   * colour its agency without a second request: in a network of authorities the citizen must always see who speaks.
   */
  agencies: EmbedAgency[];
};

/** One agency as the widget shows it: its name in each language and its theme colour. */
export type EmbedAgency = Pick<AgencyManifest, 'id' | 'name'> & { color: string };
