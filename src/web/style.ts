/** The pages' stylesheet, served from /web/style.css (a string, so it needs no file at request time). */
export const STYLE = `
:root {
  --ink: #1b1f24; --muted: #4a535c; --line: #c9d1d9; --bg: #ffffff; --soft: #f3f5f7;
  --accent: #0b5cad; --focus: #f0a500;
  --eligible: #1a7f37; --undetermined: #9a6700; --ineligible: #b42318; --not_active: #57606a; --no_rules: #6e40c9;
  --programme: #0b5cad; --agency: #8250df; --body: #bf3989; --fund: #1a7f37; --territory: #9a6700;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); background: var(--bg); line-height: 1.45;
}
body { margin: 0; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; }
header.site { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: center; padding: .6rem 1.5rem;
  border-bottom: 1px solid var(--line); background: var(--soft); }
header.site .brand { margin: 0; font-weight: 700; font-size: 1.2rem; }
header.site .brand a { color: var(--ink); text-decoration: none; }
header.site nav ul { display: flex; gap: 1.2rem; list-style: none; margin: 0; padding: 0; }
header.site nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
header.site .session { margin-left: auto; display: flex; gap: 1rem; align-items: center; }
header.site .session form { display: inline; margin: 0; }
.role { color: var(--muted); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
main:focus, [tabindex="-1"]:focus { outline: none; }
footer.site { border-top: 1px solid var(--line); color: var(--muted); padding: .5rem 1.5rem; font-size: .9rem; }
h1 { font-size: 1.7rem; margin: .6rem 0; }
h2 { font-size: 1.35rem; margin-top: 1.8rem; }
h3 { font-size: 1.15rem; }
h4 { font-size: 1.05rem; margin: .4rem 0; }
h5 { font-size: .95rem; margin: .8rem 0 .2rem; }
.lead { max-width: 60rem; }
.hint { color: var(--muted); font-size: .88rem; margin: .15rem 0; }
.notice { background: #ddf4ff; border-left: 4px solid var(--accent); padding: .5rem .8rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; padding: .6rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 .3rem; }
fieldset.query { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: flex-end; background: var(--soft); }
fieldset.row { background: var(--soft); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .6rem 1.2rem; }
.field { display: flex; flex-direction: column; gap: .15rem; }
.field.inline { flex-direction: row; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; }
.field label { font-weight: 500; }
input[type="text"], input[type="password"], input[type="date"], select, textarea {
  font: inherit; padding: .3rem .4rem; border: 1px solid #8c959f; border-radius: 4px; background: #fff; max-width: 100%; }
textarea { width: 100%; font-family: ui-monospace, monospace; font-size: .85rem; }
.field.invalid input, .field.invalid select, .field.invalid textarea { border: 2px solid var(--ineligible); }
.error { color: var(--ineligible); font-weight: 600; margin: .15rem 0; }
.error-summary { border: 3px solid var(--ineligible); padding: .5rem 1rem; margin: 1rem 0; }
.error-summary h2 { margin-top: .3rem; }
.checks { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: .2rem 1rem; }
.check { display: flex; gap: .4rem; align-items: baseline; }
button, a.button { font: inherit; padding: .35rem .9rem; border-radius: 4px; border: 1px solid var(--accent);
  background: #fff; color: var(--accent); cursor: pointer; text-decoration: none; display: inline-block; }
button.primary { background: var(--accent); color: #fff; font-weight: 600; }
button.secondary { border-color: #8c959f; color: var(--ink); }
button.link { border: none; background: none; color: var(--accent); text-decoration: underline; padding: 0; }
.actions { margin-top: 1rem; }
details.advanced { border: 1px dashed var(--line); padding: .5rem 1rem; margin: 1rem 0; }
details > summary { cursor: pointer; }
.results { border-top: 3px solid var(--accent); margin-top: 1rem; }
.counts { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: 4px; color: #fff; font-size: .8rem;
  font-weight: 700; letter-spacing: .02em; text-decoration: none; }
.badge.eligible { background: var(--eligible); } .badge.undetermined { background: var(--undetermined); }
.badge.ineligible { background: var(--ineligible); } .badge.not_active { background: var(--not_active); }
.badge.no_rules { background: var(--no_rules); }
section.status { margin-top: 1.2rem; }
section.status > h3 { border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
section.status.eligible > h3 { border-color: var(--eligible); }
section.status.undetermined > h3 { border-color: var(--undetermined); }
section.status.ineligible > h3 { border-color: var(--ineligible); }
article.programme { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; margin: .6rem 0; }
article.programme small { color: var(--muted); font-weight: 400; }
ul.criteria { list-style: none; padding-left: 0; }
li.criterion { margin: .15rem 0; }
li.criterion .mark { display: inline-block; width: 1.2rem; font-weight: 700; }
li.criterion.passed .mark { color: var(--eligible); } li.criterion.failed .mark { color: var(--ineligible); }
li.criterion.unknown .mark { color: var(--undetermined); }
li.criterion .verdict { color: var(--muted); }
.source { color: var(--muted); font-size: .88rem; }
.order ol li { margin: .3rem 0; }
.conflict, ul.conflicts li { color: var(--ineligible); }
.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .6rem 1.2rem; align-items: start; }
.filters > .hint { grid-column: 1 / -1; }
.filters > button { align-self: end; justify-self: start; }
ul.downloads { display: flex; flex-wrap: wrap; gap: .6rem; list-style: none; padding: 0; }
.committee { display: grid; grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); gap: 1.5rem; }
@media (max-width: 900px) { .committee { grid-template-columns: 1fr; } }
#graph { height: 560px; border: 1px solid var(--line); border-radius: 6px; background: #fcfcfd; position: relative; }
ul.legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; list-style: none; padding: 0; font-size: .9rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 50%; vertical-align: middle; }
.swatch.programme { background: var(--programme); } .swatch.agency { background: var(--agency); }
.swatch.body { background: var(--body); } .swatch.fund { background: var(--fund); }
.swatch.territory { background: var(--territory); }
.swatch.flagged-edge { border-radius: 0; height: .25rem; width: 1.4rem; background: #d1242f; }
ol.flags { list-style: none; padding: 0; max-height: 760px; overflow: auto; }
ol.flags li { border: 1px solid var(--line); border-left-width: 5px; border-radius: 4px; padding: .4rem .7rem; margin-bottom: .5rem; }
ol.flags li.high { border-left-color: var(--ineligible); } ol.flags li.medium { border-left-color: var(--undetermined); }
ol.flags li.low { border-left-color: var(--not_active); }
ol.flags li.active { background: #fff8c5; }
ol.flags h3 { font-size: 1rem; margin: .2rem 0; }
ol.flags dl { display: grid; grid-template-columns: auto 1fr; gap: 0 .6rem; font-size: .85rem; margin: .3rem 0; }
ol.flags dt { color: var(--muted); } ol.flags dd { margin: 0; }
button[aria-pressed="true"] { background: var(--focus); border-color: var(--focus); color: var(--ink); }
.overlap { overflow-x: auto; }
table.heatmap { border-collapse: collapse; font-size: .85rem; }
table.heatmap th, table.heatmap td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: right; }
table.heatmap th[scope="row"] { text-align: left; max-width: 18rem; }
table.heatmap thead th { max-width: 9rem; vertical-align: bottom; }
table.heatmap td.diagonal { font-weight: 700; }
fieldset.metric { display: inline-flex; gap: .4rem 1rem; align-items: center; margin: .4rem 0; }
svg.coverage text { font-size: 12px; fill: var(--ink); }
svg.coverage rect.eligible { fill: var(--programme); } svg.coverage rect.undetermined { fill: #9ec5ef; }
svg.coverage rect.track { fill: var(--soft); }
#node-details dl { display: grid; grid-template-columns: auto 1fr; gap: .1rem .6rem; font-size: .9rem; }
#node-details dt { color: var(--muted); } #node-details dd { margin: 0; }
ul.bands { display: flex; list-style: none; padding: 0; margin: .4rem 0 0; font-weight: 600; font-size: .9rem; }
ul.bands li { flex: 1; border-left: 2px solid var(--line); padding-left: .4rem; }
.toggle label { display: inline; font-weight: normal; }
details.graph-tables { margin-top: .8rem; }
table.graph-table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; width: 100%; }
table.graph-table caption { text-align: left; font-weight: 600; }
table.graph-table th, table.graph-table td { border: 1px solid var(--line); padding: .2rem .4rem; text-align: left; }
.flag-filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .3rem .6rem; }
.maps { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
@media (max-width: 900px) { .maps { grid-template-columns: 1fr; } }
.maps figure { margin: 0; }
svg.choropleth path { stroke: #fff; stroke-width: .8; cursor: pointer; }
svg.choropleth path:focus, svg.choropleth path.chosen { stroke: var(--ink); stroke-width: 2.5; outline: none; }
svg.tiles text { font-size: 12px; text-anchor: middle; fill: var(--ink); }
svg.tiles text.on-dark { fill: #fff; }
ul.map-legend .swatch { border-radius: 2px; border: 1px solid var(--line); }
.swatch.class-0 { background: #fbe3d6; } .swatch.class-1 { background: #f4b183; } .swatch.class-2 { background: #c7dcef; }
.swatch.class-3 { background: #6baed6; } .swatch.class-4 { background: #08519c; } .swatch.no-data { background: #f0f0f0; }
`;
