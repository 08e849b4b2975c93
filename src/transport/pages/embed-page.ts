import { EMBED_CONFIG_ELEMENT_ID, type EmbedConfig } from '../../protocol/index.js';
import { escapeHtml, jsonForScript } from './html.js';

/**
 * The frame page: no inline script or style (its CSP allows neither), the agency config as a JSON data
 * block, and the hashed app bundle. `lang` is the initial UI language; the app may switch it.
 */
export function renderEmbedPage(options: { config: EmbedConfig; lang: string; title: string; appJs: string; appCss: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="${escapeHtml(options.appCss)}">
<script type="application/json" id="${EMBED_CONFIG_ELEMENT_ID}">${jsonForScript(options.config)}</script>
<script src="${escapeHtml(options.appJs)}" defer></script>
</head>
<body>
<div id="swb-app"><noscript><p>This chat needs JavaScript.</p></noscript></div>
</body>
</html>
`;
}

/** 404 for an unknown agency: plain and explicit, so whoever embeds it sees what to fix. */
export function renderUnknownAgencyPage(agency: string, known: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Unknown agency</title></head>
<body><main><h1>Unknown agency</h1>
<p>There is no agency “${escapeHtml(agency)}” on this Switchboard. Set <code>data-agency</code> on the widget tag to one of: ${known.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ') || '(none configured)'}.</p>
</main></body></html>
`;
}
