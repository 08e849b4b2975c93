import { escapeHtml } from './html.js';

/** The operator console's page: no inline script or style (its CSP allows neither), the hashed bundle. */
export function renderConsolePage(options: { appJs: string; appCss: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard console</title>
<link rel="stylesheet" href="${escapeHtml(options.appCss)}">
<script src="${escapeHtml(options.appJs)}" defer></script>
</head>
<body>
<div id="console"><noscript><p>The console needs JavaScript.</p></noscript></div>
</body>
</html>
`;
}
