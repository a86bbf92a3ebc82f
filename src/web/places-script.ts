/**
 * The municipality search, as progressive enhancement of the form's datalist (served from
 * /web/places.js; a string, so it needs no bundle on Node or Workers). Without it the browser's own
 * datalist filters the 2,475 labels; with it, typing "coyoacan" or "tlapa guerrero" lists the matches
 * without accents or case, in the state chosen beside the field when there is one.
 */
export const PLACES_SCRIPT = `(() => {
  const source = document.getElementById('municipalities');
  if (!source) return;
  const fold = (s) => s.normalize('NFD').replace(/\\p{M}+/gu, '').toLowerCase().replace(/[^\\p{L}\\p{N}]+/gu, ' ').trim();
  const all = Array.from(source.options, (o) => ({ label: o.value, key: fold(o.value), code: (/\\((\\d{5})\\)$/.exec(o.value) || [])[1] || '' }));
  let count = 0;
  const enhance = (input) => {
    if (input.dataset.places) return;
    const list = document.createElement('datalist');
    list.id = 'municipalities-' + ++count;
    input.insertAdjacentElement('afterend', list);
    input.setAttribute('list', list.id);
    input.dataset.places = '1';
    const stateOf = () => {
      const field = document.getElementById(input.id.replace(/-municipality$/, '-state'));
      return field && /^\\d{2}$/.test(field.value) ? field.value : '';
    };
    const update = () => {
      const words = fold(input.value).split(' ').filter(Boolean);
      const state = stateOf();
      const start = words.join(' ');
      const found = words.length
        ? all.filter((p) => (!state || p.code.startsWith(state)) && words.every((w) => p.key.includes(w)))
            .sort((a, b) => Number(!a.key.startsWith(start)) - Number(!b.key.startsWith(start)))
            .slice(0, 20)
        : [];
      list.replaceChildren(...found.map((p) => { const o = document.createElement('option'); o.value = p.label; return o; }));
    };
    input.addEventListener('input', update);
    update();
  };
  const scan = () => document.querySelectorAll('input[list="municipalities"]').forEach(enhance);
  scan();
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
})();
`;
