/**
 * The shell every HTML report shares: one self-contained page (chart.js inlined from
 * node_modules, the data embedded as escaped JSON), readable offline from a file URL, with a
 * print stylesheet: no chart or table row cut across pages where avoidable, headings kept with
 * what follows, charts scaled to the paper and redrawn at its width before printing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Html, html, jsonForScript, scriptSafe } from './html-escape.js';

let chartJsSource: string | null = null;
/** chart.js's UMD bundle, read once from node_modules. */
function chartJs(): string {
  if (chartJsSource === null) {
    const entry = createRequire(import.meta.url).resolve('chart.js');
    chartJsSource = scriptSafe(readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8'));
  }
  return chartJsSource;
}

const SCREEN = `
:root{--fg:#1d2330;--muted:#5b6473;--bg:#f6f7f9;--card:#fff;--good:#147a3d;--bad:#b42318;--warn:#a15c00;--line:#e3e6ea}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#1d2330;color:#fff;padding:20px 32px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c5cad3}
main{max-width:1200px;margin:0 auto;padding:16px 24px 48px}section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
h2{margin:0 0 8px;font-size:18px}h3{font-size:15px;margin:12px 0 4px}.headline p{font-size:20px;margin:4px 0;font-weight:600}
.explain{color:var(--muted);font-size:14px!important;font-weight:400!important}summary{cursor:pointer;color:var(--muted);margin:8px 0}.good{color:var(--good)}.bad{color:var(--bad)}.warn{color:var(--warn)}.neutral{color:var(--muted)}
.tag{font-size:11px;background:#e8ecf2;color:var(--muted);border-radius:4px;padding:1px 6px;vertical-align:middle}
table.data{border-collapse:collapse;width:100%;font-size:14px}table.data th,table.data td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
table.data thead th{color:var(--muted);font-weight:600;font-size:13px}.ci{color:var(--muted);font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}.chart{position:relative;height:300px}
ul.plain{list-style:none;padding:0;margin:0;font-size:14px}ul.plain li{margin:0 0 6px;word-break:break-word}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;font-size:14px}dt{color:var(--muted)}dd{margin:0;word-break:break-word}
.verdict-line{font-weight:600;font-size:16px}code{font-size:13px;background:#f0f2f5;padding:1px 4px;border-radius:3px}
.banner{background:#fff4e5;border:1px solid #f5c07a;padding:10px 14px;border-radius:6px}`;

const PRINT = `
@media print{
@page{size:A4;margin:12mm}
body{background:#fff;font-size:11px}header{background:none;color:var(--fg);padding:0 0 6px;border-bottom:2px solid var(--fg)}header p{color:var(--muted)}
main{max-width:none;padding:0}section{border:none;border-radius:0;padding:0;margin:10px 0}.grid{display:block}
h2,h3{break-after:avoid;page-break-after:avoid}.headline p{font-size:14px}
.chart,dl,ul.plain li,.verdict-line{break-inside:avoid;page-break-inside:avoid}
.chart{height:260px}.chart canvas{max-width:100%!important;height:auto!important}
table.data{font-size:10px}table.data thead{display:table-header-group}table.data tr{break-inside:avoid;page-break-inside:avoid}
}`;

/** Before printing: every folded detail opens, and chart.js redraws each chart at the paper's width (and back after). */
const PRINT_RESIZE = `
(function(){
  function resizeAll(){ Object.values(Chart.instances).forEach(function(c){ c.resize(); }); }
  window.addEventListener('beforeprint', function(){ document.querySelectorAll('details').forEach(function(d){ d.open = true; }); resizeAll(); });
  window.addEventListener('afterprint', resizeAll);
})();`;

/** A report's chart script: reads the JSON in #bench-data, sets Chart.js's defaults and palette, then runs `body`. */
export function chartScript(body: string): string {
  return `
(function(){
  var data = JSON.parse(document.getElementById('bench-data').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';
  var palette = ['#3565c9','#e07b24','#2e9e5b','#b5367a','#7a5bd6','#8c8c2a','#1b9aaa','#c94b4b'];
${body}
})();`;
}

/** A whole report page: `charts` is the script that draws the charts from the JSON in #bench-data. */
export function htmlPage(title: string, body: Html, data: unknown, charts: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html`${title}`}</title><style>${SCREEN}${PRINT}</style></head>
<body>${body}
<script type="application/json" id="bench-data">${jsonForScript(data)}</script>
<script>${chartJs()}</script>
<script>${charts}${PRINT_RESIZE}</script>
</body></html>
`;
}
