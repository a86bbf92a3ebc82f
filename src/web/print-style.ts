/**
 * The case page on paper: a one- or two-page summary (the group and the date, the order to apply in
 * with the calls and their dates, what to ask, what would change an ineligible result, the
 * applications), without the form, the navigation, the criteria's details or programmes not in force.
 * Appended to /web/style.css.
 */
export const PRINT_STYLE = `
.print-only { display: none; }
.applications ul.application-list { padding-left: 1.2rem; }
.apply-form { margin: .4rem 0; }
@media print {
  @page { margin: 1.4cm 1.2cm; }
  :root { font-size: 10pt; line-height: 1.3; }
  .print-only { display: block; }
  header.site nav, header.site .session, footer.site, .skip, .lead, .examples, .case-form, .no-print,
  .apply, form, details > :not(summary), ul.criteria, ol.stages, .support, section.status > .hint,
  section.status.not_active, #nothing-in-force button,
  article.programme > h5:not(:has(+ ul.ask)):not(:has(+ ul.near)):not(:has(+ ul.calls)):not(:has(+ ul.conflicts)) {
    display: none !important; }
  header.site { background: none; border: none; padding: 0; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 15pt; margin: 0 0 .2rem; } h2 { font-size: 12.5pt; margin: .8rem 0 .3rem; }
  h3 { font-size: 11pt; margin: .6rem 0 .2rem; } h4 { font-size: 10.5pt; }
  .results { border-top: 2px solid #000; }
  article.programme { border: none; border-top: 1px solid #999; border-radius: 0; padding: .2rem 0; margin: .2rem 0;
    break-inside: avoid; }
  article.programme .summary { margin: .1rem 0; }
  ul.ask, ul.near, ul.conflicts, ul.calls { margin: .1rem 0; }
  .badge { color: #000 !important; background: none !important; border: 1px solid #000; }
  a { color: #000; text-decoration: none; }
  code { display: none; }
}
`;
