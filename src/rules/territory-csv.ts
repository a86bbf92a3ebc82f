// The browser build carries its own Buffer, so parsing a CSV needs no Node API on Workers either.
import { parse } from 'csv-parse/browser/esm/sync';
import type { Problem } from './errors';
import { type Territory, territoryAttributesSchema } from './territory';
import { describeIssue } from './yaml-doc';

/**
 * Municipality (or state) attributes from a CSV file in programmes/territories/, so a user can load
 * CONAPO marginalisation degrees, ZAP lists, welfare-line shares, CDI criteria or social-bank offices
 * without writing YAML. The header names the columns: `code` (INEGI), optional `name`, then any of
 * the attribute names in docs/facts.md (marginalisation, ruralZap, urbanZapShare, shareBelowWelfareLine,
 * indigenousCriteria, socialBank, frontierZone, advisoryCouncilActivity). Empty cells are unknown.
 * Lines starting with `#` are comments (the file's source and citation); line numbers count them.
 */

const BOOLEAN_COLUMNS = new Set(['ruralZap', 'indigenousCriteria', 'socialBank', 'frontierZone']);
const NUMBER_COLUMNS = new Set(['urbanZapShare', 'shareBelowWelfareLine']);
const TRUE = new Set(['true', 'yes', 'sí', 'si', '1']);
const FALSE = new Set(['false', 'no', '0']);

export interface CsvTerritoryRow {
  territory: Omit<Territory, 'source'> & { name?: string };
  line: number;
}

export function parseTerritoryCsv(
  file: string,
  text: string,
): { rows: CsvTerritoryRow[]; problems: Problem[] } {
  const problems: Problem[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
      comment: '#',
      comment_no_infix: true,
    }) as typeof records;
  } catch (error) {
    return {
      rows: [],
      problems: [{ file, path: '(csv)', reason: `CSV syntax: ${(error as Error).message}` }],
    };
  }
  const known = new Set(['code', 'name', ...Object.keys(territoryAttributesSchema.shape)]);
  const header = Object.keys(records[0]?.record ?? {});
  // The header is the first line that is neither blank nor a comment.
  const headerLine =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .findIndex((l) => l.trim() !== '' && !l.startsWith('#')) + 1;
  for (const column of header) {
    if (!known.has(column))
      problems.push({
        file,
        path: `column '${column}'`,
        line: headerLine,
        reason: `unknown column (known: ${[...known].join(', ')})`,
      });
  }
  if (records.length && !header.includes('code'))
    problems.push({
      file,
      path: 'header',
      line: headerLine,
      reason: "a 'code' column (INEGI code) is required",
    });
  const rows: CsvTerritoryRow[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    const attributes: Record<string, unknown> = {};
    for (const [column, raw] of Object.entries(record)) {
      if (column === 'code' || column === 'name' || raw === '' || !known.has(column)) continue;
      if (BOOLEAN_COLUMNS.has(column)) {
        const value = raw.toLowerCase();
        if (TRUE.has(value)) attributes[column] = true;
        else if (FALSE.has(value)) attributes[column] = false;
        else
          problems.push({
            file,
            line,
            path: `${record.code ?? '?'}.${column}`,
            reason: `'${raw}' is not yes/no (true, false, sí, no, 1, 0)`,
          });
      } else if (NUMBER_COLUMNS.has(column)) {
        const number = Number(raw.replace('%', '')) / (raw.endsWith('%') ? 100 : 1);
        if (Number.isNaN(number))
          problems.push({
            file,
            line,
            path: `${record.code ?? '?'}.${column}`,
            reason: `'${raw}' is not a number`,
          });
        else attributes[column] = number;
      } else {
        attributes[column] = raw;
      }
    }
    const parsed = territoryAttributesSchema.safeParse(attributes);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({
          file,
          line,
          path: `${record.code ?? '?'}.${issue.path.join('.')}`,
          reason: describeIssue(issue),
        });
      }
      continue;
    }
    const code = record.code ?? '';
    if (!/^(\d{2}(\d{3})?|[A-Z]{2}-[A-Z0-9]{1,3})$/.test(code)) {
      problems.push({
        file,
        line,
        path: 'code',
        reason: `'${code}' is not an INEGI code (two digits for a state, five for a municipality)`,
      });
      continue;
    }
    rows.push({
      line,
      territory: {
        code,
        level: /^\d{2}$/.test(code) ? 'state' : /^\d{5}$/.test(code) ? 'municipality' : 'region',
        attributes: parsed.data,
        ...(record.name ? { name: record.name } : {}),
      } as CsvTerritoryRow['territory'],
    });
  }
  return { rows, problems };
}
