import { z } from 'zod';
import type { Catalogue } from './catalogue';
import { isoDateSchema } from './dates';
import { InputError, type Problem } from './errors';
import { type Matcher, parseGroup, type Status } from './match';
import { YamlDoc } from './yaml-doc';

/**
 * Case files (`*.cases.yaml` beside the rule files): a named group, a date and the status each
 * programme must give it. Policy analysts write them; `vincula test` and `npm test` run them all.
 */

export const caseExpectationSchema = z
  .object({
    status: z.enum(['eligible', 'ineligible', 'undetermined', 'not_active', 'no_rules']),
    /** Exactly these criteria fail where the status is decided (stage prerequisites as "stage:<id>"). */
    failing: z.array(z.string().min(1)).optional(),
    /** These input paths are among the facts to collect. */
    missing: z.array(z.string().min(1)).optional(),
    /** Check the status (and failing criteria) at this stage instead of the programme's overall status. */
    stage: z.string().min(1).optional(),
    /** These members (0-based) qualify, for person- and household-targeted programmes. */
    qualifyingMembers: z.array(z.number().int().min(0)).optional(),
  })
  .strict();

export const caseSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    asOf: isoDateSchema,
    group: z.unknown(),
    expect: z.record(z.string(), caseExpectationSchema).refine((e) => Object.keys(e).length > 0, {
      message: 'a case expects a status from at least one programme',
    }),
  })
  .strict();

export const caseFileSchema = z
  .object({ kind: z.literal('cases'), cases: z.array(caseSchema).min(1) })
  .strict();

export interface CaseOutcome {
  file: string;
  name: string;
  passed: boolean;
  /** What differed, one line each. */
  differences: string[];
  /** Criteria that failed in this case, per programme (to check every criterion is exercised). */
  failing: Record<string, string[]>;
  /** The status each expected programme gave (to check every status is exercised). */
  statuses: Record<string, Status>;
}

export interface CaseFileText {
  path: string;
  text: string;
}

/** Parses case files; throws InputError with file, path and line for each problem. */
export function parseCaseFiles(files: readonly CaseFileText[], catalogue: Catalogue) {
  const problems: Problem[] = [];
  const cases: {
    file: string;
    line?: number;
    case: z.infer<typeof caseSchema>;
    group: ReturnType<typeof parseGroup>;
  }[] = [];
  for (const file of files) {
    const doc = new YamlDoc(file.path, file.text);
    const data = doc.parse(caseFileSchema);
    problems.push(...doc.problems);
    if (!data) continue;
    data.cases.forEach((c, i) => {
      for (const id of Object.keys(c.expect)) {
        if (!catalogue.hasProgramme(id))
          problems.push(doc.problem(['cases', i, 'expect', id], `unknown programme '${id}'`));
      }
      try {
        cases.push({
          file: file.path,
          line: doc.lineOf(['cases', i]),
          case: c,
          group: parseGroup(c.group, catalogue),
        });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        for (const p of error.problems) {
          const path = [
            'cases',
            i,
            'group',
            ...p.path
              .split(/\.|\[|\]/)
              .filter(Boolean)
              .map((x) => (/^\d+$/.test(x) ? Number(x) : x)),
          ];
          problems.push(doc.problem(p.path === '(group)' ? ['cases', i, 'group'] : path, p.reason));
        }
      }
    });
  }
  if (problems.length) throw new InputError(problems);
  return cases;
}

export async function runCases(files: readonly CaseFileText[], matcher: Matcher): Promise<CaseOutcome[]> {
  const cases = parseCaseFiles(files, matcher.catalogue);
  const outcomes: CaseOutcome[] = [];
  for (const { file, line, case: c, group } of cases) {
    const report = await matcher.match(group, {
      asOf: c.asOf,
      lang: 'en',
      programmes: Object.keys(c.expect),
    });
    const differences: string[] = [];
    const failing: Record<string, string[]> = {};
    const statuses: Record<string, Status> = {};
    for (const [id, expected] of Object.entries(c.expect)) {
      const result = report.results.find((r) => r.programme.id === id);
      if (!result) {
        differences.push(`${id}: no result (is it matchable?)`);
        continue;
      }
      statuses[id] = result.status;
      let actual: { status: Status; failing: string[]; label: string } = { ...result, label: id };
      if (expected.stage) {
        const stage = result.stages.find((s) => s.id === expected.stage);
        if (!stage) {
          differences.push(
            `${id}: has no stage '${expected.stage}' (stages: ${result.stages.map((s) => s.id).join(', ') || 'none'})`,
          );
          continue;
        }
        actual = { ...stage, label: `${id} stage ${stage.id}` };
      }
      failing[id] = [...(failing[id] ?? []), ...actual.failing];
      if (actual.status !== expected.status) {
        differences.push(
          `${actual.label}: expected ${expected.status}, got ${actual.status} (${result.summary})`,
        );
      }
      if (expected.failing) {
        const want = [...expected.failing].sort().join(', ');
        const got = [...actual.failing].sort().join(', ');
        if (want !== got) differences.push(`${actual.label}: expected failing [${want}], got [${got}]`);
      }
      for (const path of expected.missing ?? []) {
        if (!result.missingFacts.some((m) => m.path === path)) {
          differences.push(
            `${id}: expected '${path}' among the facts to collect, got [${result.missingFacts.map((m) => m.path).join(', ')}]`,
          );
        }
      }
      if (expected.qualifyingMembers) {
        const want = expected.qualifyingMembers.join(', ');
        const got = (result.qualifyingMembers ?? []).join(', ');
        if (want !== got) differences.push(`${id}: expected qualifying members [${want}], got [${got}]`);
      }
    }
    outcomes.push({
      file: line ? `${file}:${line}` : file,
      name: c.name,
      passed: differences.length === 0,
      differences,
      failing,
      statuses,
    });
  }
  return outcomes;
}

export type { Status };
