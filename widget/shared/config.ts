import type { AgencyManifest } from '../../src/protocol/index.js';

/**
 * What the embed page hands the frame app (a JSON data block, not a script): the public part of the
 * agency manifest and where the WebSocket lives. Nothing secret: anyone may load /embed.
 */
export type FrameConfig = Pick<AgencyManifest, 'id' | 'name' | 'languages' | 'theme' | 'privacy'> & {
  /** Path of the WebSocket endpoint on the frame's own origin. */
  wsPath: string;
};

export const CONFIG_ELEMENT_ID = 'swb-config';
