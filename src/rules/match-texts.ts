import { bareReferences, type Reference } from './bibliography';
import type { Catalogue, ProgrammeVersion } from './catalogue';
import type { LeafEvaluation } from './evaluate';
import { describeInput } from './group';
import { type Lang, pick } from './i18n';
import { messages } from './messages';
import { moneyJson } from './money';
import type { CallResult, MissingFact, ProgrammeResult } from './results';
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
  const refs = (source: string[]) =>
    catalogue.bibliography?.references(source, lang) ?? bareReferences(source);
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

/** The result of a programme with no version in force as of the date. */
export function notActiveResult(
  header: ProgrammeResult['programme'],
  v: ProgrammeVersion,
  reason: 'ended' | 'not_started',
  lang: Lang,
): ProgrammeResult {
  const said = messages(lang).summary;
  const summary =
    reason === 'ended'
      ? said.ended(v.fiscalYear, v.validity.from, v.validity.to)
      : said.notStarted(v.fiscalYear, v.validity.from);
  return {
    programme: header,
    status: 'not_active',
    summary,
    failing: [],
    validity: { from: v.validity.from, to: v.validity.to },
    notActive: { reason },
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
