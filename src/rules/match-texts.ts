import { bareReferences, type Reference } from './bibliography';
import type { Catalogue, ProgrammeVersion } from './catalogue';
import type { LeafEvaluation } from './evaluate';
import type { ExclusionCheck } from './exclusions';
import type { NearMiss } from './explain';
import { describeInput, type Enrolment } from './group';
import { type Lang, type Localized, pick } from './i18n';
import { messages } from './messages';
import { moneyJson } from './money';
import type { CallResult, CriterionResult, MissingFact, ProgrammeResult, ReportWarning } from './results';
import { sourceList } from './source';

/** The parts of a version's results that are the same for every group, in one language. */
export interface VersionTexts {
  header: ProgrammeResult['programme'];
  validity: ProgrammeResult['validity'];
  criteria: { label: string; source: string[]; references: Reference[] }[];
  stageNames: Map<string, string>;
  stageSupport: Map<string, string[]>;
  support: ProgrammeResult['support'];
  calls: Map<ProgrammeVersion['calls'][number], CallResult>;
  appeal?: ProgrammeResult['appeal'];
}

/** What a version says the same way to every group, in one language (the Matcher keeps them, per version). */
export function versionTexts(catalogue: Catalogue, v: ProgrammeVersion, lang: Lang): VersionTexts {
  const agency = catalogue.bodies.get(v.agency);
  const parent = v.parent ? catalogue.versionAt(v.parent, v.validity.from)?.version : undefined;
  const header: ProgrammeResult['programme'] = {
    id: v.id,
    key: v.key,
    fiscalYear: v.fiscalYear,
    name: pick(v.name, lang),
    level: v.level,
    country: v.country,
    agency: Object.freeze({ id: v.agency, name: agency ? pick(agency.name, lang) : v.agency }),
    ...(parent ? { parent: Object.freeze({ id: parent.id, name: pick(parent.name, lang) }) } : {}),
    targetUnit: v.targetUnit,
    file: v.file,
  };
  const stageOfSupport = (id: string) => v.stages.find((s) => s.support.includes(id))?.id;
  const appeal = v.appeal ?? parent?.appeal;
  const refs = (source: string[]) => referencesOf(catalogue, source, lang);
  return {
    header: Object.freeze(header),
    validity: Object.freeze({ from: v.validity.from, to: v.validity.to }),
    criteria: v.criteria.map((c) => {
      const source = sourceList(c.source);
      return { label: pick(c.label, lang), source, references: refs(source) };
    }),
    stageNames: new Map(v.stages.map((s) => [s.id, pick(s.name, lang)])),
    stageSupport: new Map(v.stages.map((s) => [s.id, s.support])),
    support: Object.freeze(
      v.support.map((s) => {
        const stageId = stageOfSupport(s.id);
        return Object.freeze({
          id: s.id,
          label: pick(s.label, lang),
          type: s.type,
          ...(s.maxPerGroup ? { maxPerGroup: moneyJson(s.maxPerGroup) } : {}),
          ...(s.maxPerPerson ? { maxPerPerson: moneyJson(s.maxPerPerson) } : {}),
          ...(s.maxNote ? { maxNote: s.maxNote } : {}),
          ...(s.unfunded ? { unfunded: true } : {}),
          ...(stageId ? { stage: stageId } : {}),
          source: sourceList(s.source),
        });
      }),
    ) as ProgrammeResult['support'],
    calls: new Map(),
    ...(appeal
      ? { appeal: Object.freeze({ text: pick(appeal, lang), references: refs(sourceList(appeal.source)) }) }
      : {}),
  };
}

/**
 * The result of a programme with no version in force as of the date: `no_rules` when it ran that year
 * (registry) without rules encoded for it, else not active (ended or not started).
 */
export function notActiveResult(
  header: ProgrammeResult['programme'],
  v: ProgrammeVersion,
  reason: 'ended' | 'not_started' | 'no_rules',
  lang: Lang,
  asOf: string,
): ProgrammeResult {
  const said = messages(lang).summary;
  if (reason === 'no_rules')
    return { ...inactive(header, v), status: 'no_rules', summary: said.noRules(asOf.slice(0, 4)) };
  const summary =
    reason === 'ended'
      ? said.ended(v.fiscalYear, v.validity.from, v.validity.to)
      : said.notStarted(v.fiscalYear, v.validity.from);
  return { ...inactive(header, v), summary, notActive: { reason } };
}

function inactive(header: ProgrammeResult['programme'], v: ProgrammeVersion): ProgrammeResult {
  return {
    programme: header,
    status: 'not_active',
    summary: '',
    failing: [],
    validity: { from: v.validity.from, to: v.validity.to },
    criteria: [],
    stages: [],
    missingFacts: [],
    nearMisses: [],
    support: [],
    openCalls: [],
    upcomingCalls: [],
    conflicts: [],
  };
}

export function uniqueMissing(list: readonly LeafEvaluation[], lang: Lang): MissingFact[] {
  const out: MissingFact[] = [];
  for (const leaf of list)
    for (const path of leaf.missing)
      if (!out.some((m) => m.path === path)) out.push({ path, question: describeInput(path, lang) });
  return out;
}

/** The documents a list of citations resolves to (their codes, when the folder has no bibliography). */
function referencesOf(catalogue: Catalogue, source: string[], lang: Lang): Reference[] {
  return catalogue.bibliography?.references(source, lang) ?? bareReferences(source);
}

/** What the matcher needs to word an exclusion read as a criterion. */
export interface ExclusionTexts {
  result: CriterionResult;
  nearMisses: NearMiss[];
}

/**
 * An exclusion as a criterion of the report: its label and source, one line per enrolment it covers
 * (the programme named by its name, never its id), the questions when it is unknown, and the near miss
 * "no longer holds X" for each programme held.
 */
export function exclusionTexts(check: ExclusionCheck, catalogue: Catalogue, lang: Lang): ExclusionTexts {
  const said = messages(lang).exclusion;
  const named = (h: { programme: string; fiscalYear: number; name?: Localized }) =>
    `«${h.name ? pick(h.name, lang) : h.programme}» (${h.fiscalYear})`;
  const explanation: string[] = [];
  for (const h of check.held) explanation.push(said.holds(named(h)));
  for (const u of check.unknown) explanation.push(said.holdsUnknown(named(u)));
  if (check.enrolmentsUnknown) explanation.push(said.enrolmentsUnknown);
  else if (check.verdict === 'passed') explanation.push(said.holdsNone);
  const missing: MissingFact[] = [];
  if (check.enrolmentsUnknown)
    missing.push({ path: 'enrolments', question: describeInput('enrolments', lang) });
  for (const u of check.unknown)
    missing.push({
      path: `enrolments[${u.index}].agency`,
      question: said.askAgency(u.programme, u.fiscalYear),
    });
  const nearMisses: NearMiss[] = check.held.map((h) => ({
    criterion: check.id,
    fact: 'enrolments',
    actual: check.held.map((x) => x.programme),
    operator: 'doesNotContain',
    expected: h.programme,
    message: said.noLongerHolds(named(h)),
  }));
  return {
    result: {
      id: check.id,
      label: pick(check.exclusion.label, lang),
      source: sourceList(check.exclusion.source),
      references: referencesOf(catalogue, sourceList(check.exclusion.source), lang),
      scope: 'group',
      verdict: check.verdict,
      explanation,
      conditions: { kind: 'all', verdict: check.verdict, children: [] },
      missing,
    },
    nearMisses,
  };
}

/** A warning for each enrolment in a programme Vincula knows neither from rule files nor from the registry. */
export function unknownProgrammeWarnings(
  unknown: readonly { index: number; programme: string }[],
  enrolments: readonly Enrolment[],
  lang: Lang,
): ReportWarning[] {
  return unknown.map(({ index, programme }) => {
    const e = enrolments[index] as Enrolment;
    const described = e.agency !== undefined || (e.level !== undefined && e.country !== undefined);
    const what = `«${programme}» (${e.fiscalYear})`;
    return {
      kind: 'unknown_programme',
      path: `enrolments[${index}].programme`,
      programme,
      message: described
        ? messages(lang).exclusion.unknownDescribed(what)
        : messages(lang).exclusion.unknownUndescribed(what),
    };
  });
}
