import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalogue } from './catalogue';
import { parseCatalogue, type RuleFileText } from './loader';

/** The programmes folder shipped with Vincula. */
export const DEFAULT_PROGRAMMES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../programmes');

/**
 * The programmes folder every command and the server read: the one given, else
 * VINCULA_PROGRAMMES_DIR, else the programmes shipped with Vincula.
 */
export function programmesDir(dir?: string, env: Record<string, string | undefined> = process.env): string {
  const chosen = dir ?? env.VINCULA_PROGRAMMES_DIR;
  return chosen ? resolve(chosen) : DEFAULT_PROGRAMMES_DIR;
}

export const isCaseFile = (path: string) => path.endsWith('.cases.yaml') || path.endsWith('.cases.yml');
const isRuleData = (path: string) =>
  path.endsWith('.yaml') || path.endsWith('.yml') || path.endsWith('.csv') || path === 'ASSUMPTIONS.md';

/** Every YAML file, territory CSV and ASSUMPTIONS.md under dir, sorted, with paths relative to dir. */
export function readRuleFiles(dir: string, keep: (path: string) => boolean): RuleFileText[] {
  const out: RuleFileText[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (isRuleData(name) && keep(name))
        out.push({ path: relative(dir, full), text: readFileSync(full, 'utf8') });
    }
  };
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`programmes folder not found: ${dir}`);
  }
  walk(dir);
  return out;
}

/** Loads and validates every rule file in a folder (case files excluded). */
export function loadCatalogue(dir: string = DEFAULT_PROGRAMMES_DIR): Catalogue {
  return parseCatalogue(readRuleFiles(dir, (name) => !isCaseFile(name)));
}
