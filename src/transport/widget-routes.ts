import { createHash } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { WIDGET_SOCKET_PATH, type AgencyManifest, type EmbedConfig } from '../protocol/index.js';
import { DEMO_SITE_CSS, renderDemoPage, renderEmbedPage, renderUnknownAgencyPage, strictHostCsp } from './pages/index.js';

/** The built widget: the loader agencies embed, the frame app and its style sheet (built by `server.ts`). */
export interface WidgetAssets {
  loader: string;
  app: string;
  css: string;
}

export interface WidgetRoutesDeps {
  assets: WidgetAssets;
  agencies: { manifest(id: string): AgencyManifest | undefined; manifests(): AgencyManifest[] };
  /** Origins allowed to frame every agency's widget, besides each manifest's `allowedOrigins`. */
  extraFrameAncestors: string[];
}

/** A Host header we are willing to copy into a CSP (no spaces, semicolons or quotes). */
const SAFE_HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * The widget's HTTP side: `widget.js` (the loader), `/embed` (the frame page with its own strict CSP and
 * per-agency `frame-ancestors`), the frame bundle under content-hashed names, and demo host pages at `/`
 * and `/demo/strict`.
 */
export function createWidgetRoutes(deps: WidgetRoutesDeps): express.Router {
  const bundle = deps.assets;
  const appJs = `/embed/app.${hashOf(bundle.app)}.js`;
  const appCss = `/embed/app.${hashOf(bundle.css)}.css`;

  const router = express.Router();
  // The demo portal is a tax page; other agencies via `/?agency=police`.
  const defaultAgency = () => (deps.agencies.manifest('tax') ? 'tax' : (deps.agencies.manifests()[0]?.id ?? 'tax'));

  router.get('/widget.js', (_req, res) => {
    res.set({
      'Content-Type': 'text/javascript; charset=utf-8',
      // Loaded by any agency page: short cache so a deploy reaches everyone within minutes.
      'Cache-Control': 'public, max-age=300',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Access-Control-Allow-Origin': '*',
    });
    res.send(bundle.loader);
  });

  router.get(appJs, (_req, res) => sendAsset(res, 'text/javascript; charset=utf-8', bundle.app));
  router.get(appCss, (_req, res) => sendAsset(res, 'text/css; charset=utf-8', bundle.css));

  router.get('/embed', (req, res) => {
    const id = typeof req.query.agency === 'string' ? req.query.agency : '';
    const manifest = deps.agencies.manifest(id);
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    if (!manifest) {
      res.status(404).type('html').set('Content-Security-Policy', "default-src 'none'; frame-ancestors *").send(renderUnknownAgencyPage(id, deps.agencies.manifests().map((m) => m.id)));
      return;
    }
    const lang = typeof req.query.lang === 'string' && manifest.languages.includes(req.query.lang as never) ? req.query.lang : manifest.languages[0];
    const config: EmbedConfig = {
      id: manifest.id,
      name: manifest.name,
      languages: manifest.languages,
      theme: manifest.theme,
      privacy: manifest.privacy,
      wsPath: `${WIDGET_SOCKET_PATH}?agency=${manifest.id}`,
      agencies: deps.agencies.manifests().map((agency) => ({ id: agency.id, name: agency.name, color: agency.theme.color })),
    };
    res.set('Content-Security-Policy', embedCsp(req, manifest, deps.extraFrameAncestors));
    res.type('html').send(renderEmbedPage({ config, lang, title: manifest.theme.title?.[lang as 'et'] ?? manifest.name[lang as 'et'] ?? manifest.id, appJs, appCss }));
  });

  router.get('/demo/site.css', (_req, res) => sendAsset(res, 'text/css; charset=utf-8', DEMO_SITE_CSS, 'public, max-age=300'));

  router.get('/', (req, res) => {
    const { agency, lang } = demoParams(req, deps, defaultAgency());
    res.type('html').send(renderDemoPage({ widgetSrc: '/widget.js', agency, lang, siteCss: '/demo/site.css' }));
  });

  router.get('/demo/strict', (req, res) => {
    const { agency, lang } = demoParams(req, deps, defaultAgency());
    const host = req.get('host') ?? '';
    res.set('Content-Security-Policy', strictHostCsp(SAFE_HOST.test(host) ? `${req.protocol}://${host}` : "'self'"));
    res.type('html').send(renderDemoPage({ widgetSrc: '/widget.js', agency, lang, siteCss: '/demo/site.css', strict: true }));
  });

  return router;
}

function sendAsset(res: Response, type: string, body: string, cache = 'public, max-age=31536000, immutable'): void {
  res.set({ 'Content-Type': type, 'Cache-Control': cache });
  res.send(body);
}

function demoParams(req: Request, deps: WidgetRoutesDeps, fallback: string): { agency: string; lang: string } {
  const asked = typeof req.query.agency === 'string' ? req.query.agency : '';
  const agency = deps.agencies.manifest(asked) ? asked : fallback;
  const lang = typeof req.query.lang === 'string' && /^(et|en|ru|sv)$/.test(req.query.lang) ? req.query.lang : 'et';
  return { agency, lang };
}

/**
 * The frame's own policy: only its own script and style, a socket to its own host, and embedding limited
 * to the agency's allowed origins (plus deployment-wide extras). No inline script or style anywhere.
 */
export function embedCsp(req: Request, manifest: AgencyManifest, extraFrameAncestors: string[]): string {
  const host = req.get('host') ?? '';
  const sockets = SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  const ancestors = [...new Set(["'self'", ...manifest.allowedOrigins, ...extraFrameAncestors.filter((origin) => /^https?:\/\/[^\s;,'"]+$/.test(origin))])];
  const logo = manifest.theme.logo && /^https:\/\/[^\s;,'"/]+/.exec(manifest.theme.logo)?.[0];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${logo ? ` ${logo}` : ''}`,
    `connect-src 'self'${sockets}`,
    `frame-ancestors ${ancestors.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
