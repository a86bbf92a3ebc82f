import type { CommitteeConfig } from '../committee-config';

/** The committee page's shared helpers: its configuration and words, elements, numbers and fetches. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; text?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const out = document.createElement(tag);
  if (props.class) out.className = props.class;
  if (props.text !== undefined) out.textContent = props.text;
  out.append(...children);
  return out;
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
) {
  const out = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) out.setAttribute(k, String(v));
  return out;
}

export const config = JSON.parse(byId('committee-config').textContent ?? '{}') as CommitteeConfig;
export const lang = config.lang;

export const text = (key: string, vars: Record<string, string | number> = {}) =>
  (config.text[key] ?? key).replace(/\{(\w+)\}/g, (all, name: string) =>
    vars[name] === undefined ? all : String(vars[name]),
  );

/** A value's name in the page's language (levels, countries), or the value when it has none. */
export const word = (value: string | undefined) => (value ? (config.text[`word_${value}`] ?? value) : '');

export const number = (n: number, digits = 0) =>
  new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', { maximumFractionDigits: digits }).format(n);

export const percent = (x: number) => `${number(x * 100, 1)} %`;

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = (await response.json()) as { detail?: string; title?: string };
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // Not a problem document: the status line says enough.
    }
    throw new Error(detail);
  }
  return (await response.json()) as T;
}
