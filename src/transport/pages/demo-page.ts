import { escapeHtml } from './html.js';

/**
 * A demo host page that looks like a public-services portal ("eesti.demo", fictional), embedding the
 * widget with the one documented tag. Served at `/` by the widget router; tests also serve it from a
 * different origin (`widgetSrc` absolute) to exercise the cross-origin path.
 */
export interface DemoPageOptions {
  /** Absolute or root-relative URL of widget.js. */
  widgetSrc: string;
  agency: string;
  lang: string;
  /** Stylesheet URL for the page itself. */
  siteCss: string;
  /** Shown in the page as a note for whoever opens the demo. */
  strict?: boolean;
}

const SERVICES: Array<[string, string]> = [
  ['Tuludeklaratsioon', 'Esita füüsilise isiku tuludeklaratsioon 15. veebruarist 30. aprillini. Enamik andmeid on eeltäidetud.'],
  ['Maksutagastus', 'Vaata, millal ja kui palju tulumaksu tagastatakse, ning kontrolli oma pangakonto numbrit.'],
  ['Maamaks', 'Maamaksu teade saadetakse veebruaris. Kodualune maa on kuni 1500 m² ulatuses maksuvaba.'],
  ['Pakid väljastpoolt ELi', 'Kõigile väljastpoolt Euroopa Liitu tellitud kaupadele lisandub käibemaks. Vaata, kuidas tollivormistus käib.'],
];

export function renderDemoPage(options: DemoPageOptions): string {
  const cards = SERVICES.map(
    ([title, text]) => `<li class="card"><h3><a href="#${encodeURIComponent(title)}">${escapeHtml(title)}</a></h3><p>${escapeHtml(text)}</p></li>`,
  ).join('\n        ');
  const note = options.strict
    ? 'See leht saadab range sisuturbepoliitika (CSP): skriptid ja raamid on lubatud ainult Switchboardi aadressilt.'
    : 'See on näidisleht. Vestlusakna avamiseks vajuta paremas alanurgas olevat nuppu.';
  return `<!doctype html>
<html lang="et">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Maksud ja toll — eesti.demo</title>
<link rel="stylesheet" href="${escapeHtml(options.siteCss)}">
</head>
<body>
<a class="skip" href="#sisu">Liigu sisu juurde</a>
<header class="top">
  <div class="wrap bar">
    <a class="brand" href="#" aria-label="eesti.demo avaleht"><span aria-hidden="true">eesti</span>.demo</a>
    <nav aria-label="Peamenüü">
      <ul>
        <li><a href="#">Kodanikule</a></li>
        <li><a href="#">Ettevõtjale</a></li>
        <li><a href="#">Asutused</a></li>
        <li><a href="#">Kontakt</a></li>
      </ul>
    </nav>
  </div>
</header>
<main id="sisu" class="wrap">
  <nav aria-label="Asukoht" class="crumbs"><ol><li><a href="#">Avaleht</a></li><li><a href="#">Kodanikule</a></li><li aria-current="page">Maksud ja toll</li></ol></nav>
  <h1>Maksud ja toll</h1>
  <p class="lead">Kõik, mida on vaja teada tuludeklaratsioonist, maksutagastusest, maamaksust ja tollist. Küsimuse korral kirjuta virtuaalassistendile.</p>
  <p class="note" role="note">${escapeHtml(note)}</p>
  <section aria-labelledby="teenused">
    <h2 id="teenused">Populaarsed teenused</h2>
    <ul class="cards">
        ${cards}
    </ul>
  </section>
  <section aria-labelledby="abi">
    <h2 id="abi">Abi ja kontakt</h2>
    <p>Infotelefon 880 0811 (E–R 8.30–16.30). Vestlusassistent vastab ööpäev läbi.</p>
  </section>
</main>
<footer class="foot"><div class="wrap"><p>eesti.demo on väljamõeldud näidisportaal Switchboardi vestlusakna tutvustamiseks.</p></div></footer>
<script src="${escapeHtml(options.widgetSrc)}" data-agency="${escapeHtml(options.agency)}" data-lang="${escapeHtml(options.lang)}" async></script>
</body>
</html>
`;
}

/** The demo portal's own stylesheet (served as a file: the strict-CSP page allows no inline style). */
export const DEMO_SITE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#f4f6f9}
a{color:#0b4f8a}
.wrap{max-width:1040px;margin:0 auto;padding:0 1.25rem}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
.top{background:#0b2e59;color:#fff}
.bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;min-height:64px}
.brand{color:#fff;font-weight:800;font-size:1.4rem;text-decoration:none}
.brand span{color:#8fd3ff}
.top ul{display:flex;flex-wrap:wrap;gap:1.25rem;list-style:none;margin:0;padding:0}
.top nav a{color:#fff}
.crumbs ol{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:1.25rem 0 0;font-size:.9rem}
.crumbs li+li::before{content:"›";margin-right:.5rem;color:#555}
h1{font-size:2rem;margin:.5rem 0}
.lead{font-size:1.15rem;max-width:46rem}
.note{background:#fff8e1;border-left:4px solid #b58100;padding:.6rem .9rem;max-width:46rem}
.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1rem}
.card{background:#fff;border:1px solid #d5dbe3;border-radius:8px;padding:1rem}
.card h3{margin:0 0 .4rem;font-size:1.1rem}
.card p{margin:0;font-size:.95rem}
.foot{margin-top:3rem;background:#0b2e59;color:#fff;padding:1.5rem 0 5rem}
`;

/**
 * The Content-Security-Policy of the strict demo page: the host allows the Switchboard origin for scripts
 * and frames and nothing else beyond its own stylesheet. docs/WIDGET.md documents the same two entries.
 */
export function strictHostCsp(switchboardOrigin: string): string {
  return [
    "default-src 'none'",
    `script-src ${switchboardOrigin}`,
    `frame-src ${switchboardOrigin}`,
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
