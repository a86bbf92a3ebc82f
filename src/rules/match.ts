import type { Catalogue, ProgrammeVersion, VersionLookup } from './catalogue';
import { type CohortResult, CohortTally } from './cohort';
import { compiledEvaluator } from './compiled';
import { addConflicts } from './conflicts';
import type { IsoDate } from './dates';
import { InputError } from './errors';
import {
  type CriteriaEvaluator,
  type CriterionEvaluation,
  ReferenceEvaluator,
  type SyncEvaluationSession,
} from './evaluate';
import { exclusionChecks, unknownEnrolments } from './exclusions';
import { describeLeaf, leaves, type Names, type NearMiss, nearMisses } from './explain';
import { computeFact, type GroupContext } from './facts';
import { describeInput, type Group } from './group';
import { type Lang, pick } from './i18n';
import {
  exclusionTexts,
  notActiveResult,
  uniqueMissing,
  unknownProgrammeWarnings,
  type VersionTexts,
  versionTexts,
} from './match-texts';
import { messages } from './messages';
import type {
  CallResult,
  CriterionResult,
  MatchReport,
  MemberResult,
  MissingFact,
  ProgrammeResult,
  StageResult,
} from './results';
import { emptyCounts } from './results';
import { decide } from './status';
import { or, type Verdict } from './verdict';

/** The evaluators a caller may choose: compiled (the default, fast) or reference (json-rules-engine, for audits). */
export type {
  CallResult,
  Conflict,
  CriterionResult,
  MatchReport,
  MemberResult,
  MissingFact,
  ProgrammeResult,
  StageResult,
  Status,
} from './results';

export const EVALUATOR_NAMES = ['compiled', 'reference'] as const;
export type EvaluatorName = (typeof EVALUATOR_NAMES)[number];
export const DEFAULT_EVALUATOR: EvaluatorName = 'compiled';

const reference = new ReferenceEvaluator();
export function criteriaEvaluator(name: EvaluatorName): CriteriaEvaluator {
  return name === 'reference' ? reference : compiledEvaluator;
}

export { checkTerritories, parseGroup, withoutNulls } from './group-input';

/** A programme version's criteria, evaluated: the group's, and each member's when it has member criteria. */
interface Evaluated {
  group: CriterionEvaluation[];
  members: CriterionEvaluation[][] | undefined;
}

export interface MatchOptions {
  asOf: IsoDate;
  lang?: Lang;
  /** Only these programme ids (default: every matchable programme). */
  programmes?: readonly string[];
}

/**
 * Matches one group against the catalogue as of a date: every programme gets a status with its
 * reasons, what is missing, near misses, stages, support, open calls and conflicts.
 */
export class Matcher {
  readonly evaluator: CriteriaEvaluator;
  private readonly names: Names;
  private readonly versionTexts = new WeakMap<ProgrammeVersion, Partial<Record<Lang, VersionTexts>>>();

  /** @param evaluator the compiled evaluator by default; `reference` (json-rules-engine) for audits. */
  constructor(
    readonly catalogue: Catalogue,
    evaluator: EvaluatorName | CriteriaEvaluator = DEFAULT_EVALUATOR,
  ) {
    this.evaluator = typeof evaluator === 'string' ? criteriaEvaluator(evaluator) : evaluator;
    this.names = { territories: catalogue.territories, bodies: catalogue.bodies };
  }

  async match(group: Group, options: MatchOptions): Promise<MatchReport> {
    if (this.evaluator.sync) return this.matchSync(group, options);
    const session = this.evaluator.session();
    return this.report(group, options, async (version, context) => {
      const groupEvaluations = await session.evaluate(version, 'group', context);
      let members: CriterionEvaluation[][] | undefined;
      if (version.criteria.some((c) => c.scope === 'member')) {
        members = [];
        for (const [index, member] of (group.members ?? []).entries())
          members.push(await session.evaluate(version, 'member', { ...context, member, index }));
      }
      return { group: groupEvaluations, members };
    });
  }

  /** The same report, synchronously: for evaluators whose sessions answer synchronously (compiled). */
  matchSync(group: Group, options: MatchOptions): MatchReport {
    if (!this.evaluator.sync)
      throw new Error(`the ${this.evaluator.name} evaluator is asynchronous: use match()`);
    const session = this.evaluator.session() as SyncEvaluationSession;
    return this.report(group, options, (version, context) => ({
      group: session.evaluate(version, 'group', context),
      members: version.criteria.some((c) => c.scope === 'member')
        ? (group.members ?? []).map((member, index) =>
            session.evaluate(version, 'member', { ...context, member, index }),
          )
        : undefined,
    }));
  }

  /** Evaluates every programme through `evaluate` (sync or async), then words the results. */
  private report(
    group: Group,
    options: MatchOptions,
    evaluate: (v: ProgrammeVersion, c: GroupContext) => Evaluated,
  ): MatchReport;
  private report(
    group: Group,
    options: MatchOptions,
    evaluate: (v: ProgrammeVersion, c: GroupContext) => Promise<Evaluated>,
  ): Promise<MatchReport>;
  private report(
    group: Group,
    options: MatchOptions,
    evaluate: (v: ProgrammeVersion, c: GroupContext) => Evaluated | Promise<Evaluated>,
  ): MatchReport | Promise<MatchReport> {
    const lang = options.lang ?? 'es';
    const ids = options.programmes ?? this.catalogue.programmeIds();
    const unknown = ids.filter((id) => !this.catalogue.hasProgramme(id));
    if (unknown.length) {
      throw new InputError(
        unknown.map((id) => ({
          path: 'programmes',
          reason: `unknown programme '${id}'`,
          detail: { code: 'unknown_programme', value: id },
        })),
      );
    }
    const context: GroupContext = { group, asOf: options.asOf, territories: this.catalogue.territories };
    const lookups: VersionLookup[] = [];
    for (const id of ids) {
      const lookup = this.catalogue.versionAt(id, options.asOf);
      if (lookup?.version.matchable) lookups.push(lookup);
    }
    const evaluations = lookups.map((l) => (l.active ? evaluate(l.version, context) : undefined));
    const finish = (done: (Evaluated | undefined)[]): MatchReport => {
      const results = lookups.map((lookup, i) =>
        lookup.active
          ? this.evaluateVersion(lookup.version, context, lang, done[i] as Evaluated)
          : this.notActive(lookup.version, lookup.reason, lang, options.asOf),
      );
      addConflicts(results, this.catalogue, context, lang);
      const unknown = unknownEnrolments(this.catalogue, group.enrolments);
      const counts = emptyCounts();
      for (const r of results) counts[r.status] += 1;
      return {
        asOf: options.asOf,
        lang,
        group: {
          ...(group.id ? { id: group.id } : {}),
          ...(group.name ? { name: group.name } : {}),
          ...(group.members ? { memberCount: group.members.length } : {}),
        },
        counts,
        results,
        ...(unknown.length
          ? { warnings: unknownProgrammeWarnings(unknown, group.enrolments ?? [], lang) }
          : {}),
      };
    };
    return evaluations.some((e) => e instanceof Promise)
      ? Promise.all(evaluations).then(finish)
      : finish(evaluations as (Evaluated | undefined)[]);
  }

  /**
   * Matches groups one after another as a batch, and checks the programmes' cohort rules over all of
   * them at the end. Keeps counts only, so a streamed batch needs constant memory.
   */
  batch(options: MatchOptions): { match(group: Group): Promise<MatchReport>; cohorts(): CohortResult[] } {
    const tally = new CohortTally(this.catalogue.territories);
    const byKey = new Map(this.catalogue.programmes.map((p) => [p.key, p]));
    const names = { territories: this.catalogue.territories, bodies: this.catalogue.bodies };
    return {
      match: async (group) => {
        const report = await this.match(group, options);
        tally.add(group, options.asOf, report.results, (key) => byKey.get(key));
        return report;
      },
      cohorts: () => tally.results(options.lang ?? 'es', names),
    };
  }

  /** What a version says the same way to every group, per language: worked out once, shared, frozen. */
  private texts(v: ProgrammeVersion, lang: Lang): VersionTexts {
    let byLang = this.versionTexts.get(v);
    if (!byLang) {
      byLang = {};
      this.versionTexts.set(v, byLang);
    }
    let texts = byLang[lang];
    if (texts) return texts;
    texts = versionTexts(this.catalogue, v, lang);
    byLang[lang] = texts;
    return texts;
  }

  private header(v: ProgrammeVersion, lang: Lang): ProgrammeResult['programme'] {
    return this.texts(v, lang).header;
  }

  private callOf(v: ProgrammeVersion, c: ProgrammeVersion['calls'][number], lang: Lang): CallResult {
    const calls = this.texts(v, lang).calls;
    let call = calls.get(c);
    if (!call) {
      call = Object.freeze({
        id: c.id,
        name: pick(c.name, lang),
        opens: c.opens,
        ...(c.closes ? { closes: c.closes } : {}),
        ...(c.gazette ? { gazette: c.gazette } : {}),
        ...(c.targets ? { targets: c.targets } : {}),
      });
      calls.set(c, call);
    }
    return call;
  }

  private notActive(
    v: ProgrammeVersion,
    reason: 'ended' | 'not_started' | 'no_rules',
    lang: Lang,
    asOf: IsoDate,
  ): ProgrammeResult {
    return notActiveResult(this.header(v, lang), v, reason, lang, asOf);
  }

  private evaluateVersion(
    v: ProgrammeVersion,
    context: GroupContext,
    lang: Lang,
    evaluated: Evaluated,
  ): ProgrammeResult {
    const names = this.names;
    const texts = this.texts(v, lang);
    const verdicts = new Map<string, Verdict>();
    const trees = new Map<string, CriterionEvaluation['tree']>();
    for (const e of evaluated.group) {
      verdicts.set(e.id, e.verdict);
      trees.set(e.id, e.tree);
    }

    // Person- and household-targeted programmes: member criteria per member.
    let members: MemberResult[] | undefined;
    let memberVerdict: Verdict | undefined;
    const memberMissing: MissingFact[] = [];
    const groupMembers = context.group.members;
    if (evaluated.members) {
      members = [];
      for (let index = 0; index < evaluated.members.length; index++) {
        const evaluations = evaluated.members[index] as CriterionEvaluation[];
        const id = groupMembers?.[index]?.id;
        const failed: string[] = [];
        const unknown: string[] = [];
        for (const e of evaluations) {
          if (e.verdict === 'failed') failed.push(e.id);
          else if (e.verdict === 'unknown') unknown.push(e.id);
        }
        const verdict: Verdict = failed.length ? 'failed' : unknown.length ? 'unknown' : 'passed';
        members.push(id ? { index, id, verdict, failed, unknown } : { index, verdict, failed, unknown });
        if (verdict === 'unknown') {
          for (const e of evaluations) {
            if (e.verdict !== 'unknown') continue;
            for (const leaf of leaves(e.tree))
              for (const path of leaf.missing)
                memberMissing.push({ path, question: describeInput(path, lang) });
          }
        }
      }
      memberVerdict = groupMembers === undefined ? 'unknown' : or(members.map((m) => m.verdict));
      if (groupMembers === undefined)
        memberMissing.push({ path: 'members', question: describeInput('members', lang) });
    }

    const criteria: CriterionResult[] = [];
    for (let i = 0; i < v.criteria.length; i++) {
      const c = v.criteria[i] as ProgrammeVersion['criteria'][number];
      const text = texts.criteria[i] as VersionTexts['criteria'][number];
      const tree = trees.get(c.id);
      let verdict: Verdict;
      let explanation: string[] = [];
      let missing: MissingFact[] = [];
      if (tree) {
        verdict = tree.verdict;
        const list = leaves(tree);
        explanation = list.map((l) => describeLeaf(l, lang, names));
        missing = uniqueMissing(list, lang);
      } else if (c.scope === 'member' && members) {
        // A member criterion holds when some member meets it; unknown while the members are.
        verdict =
          groupMembers === undefined
            ? 'unknown'
            : or(
                members.map((m) =>
                  m.failed.includes(c.id) ? 'failed' : m.unknown.includes(c.id) ? 'unknown' : 'passed',
                ),
              );
      } else verdict = 'unknown';
      const conditions = tree ?? { kind: 'all' as const, verdict, children: [] };
      // Two literals rather than a spread: this runs for every criterion of every match.
      criteria.push(
        c.stage
          ? {
              id: c.id,
              label: text.label,
              source: text.source,
              references: text.references,
              scope: c.scope,
              stage: c.stage,
              verdict,
              explanation,
              conditions,
              missing,
            }
          : {
              id: c.id,
              label: text.label,
              source: text.source,
              references: text.references,
              scope: c.scope,
              verdict,
              explanation,
              conditions,
              missing,
            },
      );
    }

    // Exclusions are criteria too (src/rules/exclusions.ts): holding a programme one covers fails it.
    const exclusions = exclusionChecks(this.catalogue, v, context.group.enrolments);
    const exclusionMisses = new Map<string, NearMiss[]>();
    for (const check of exclusions) {
      const worded = exclusionTexts(check, this.catalogue, lang);
      verdicts.set(check.id, check.verdict);
      criteria.push(worded.result);
      exclusionMisses.set(check.id, worded.nearMisses);
    }

    const completed = computeFact('completedStages', context);
    const decision = decide(
      v,
      verdicts,
      completed.known ? (completed.value as string[]) : undefined,
      memberVerdict,
      exclusions,
    );
    const stageName = (id: string) => texts.stageNames.get(id) ?? id;
    const stages: StageResult[] = decision.stages.map((s) => {
      const blocking: string[] = [];
      const failing: string[] = [];
      for (const id of s.criteria) {
        const verdict = verdicts.get(id);
        if (verdict !== 'passed') blocking.push(id);
        if (verdict === 'failed') failing.push(id);
      }
      for (const r of s.requires) if (r.verdict === 'failed') failing.push(`stage:${r.stage}`);
      return {
        id: s.id,
        name: stageName(s.id),
        status: s.status,
        requires: s.requires.map((r) => ({ stage: r.stage, verdict: r.verdict, name: stageName(r.stage) })),
        blocking,
        failing,
        support: texts.stageSupport.get(s.id) ?? [],
      };
    });
    const { status, focus } = decision;
    const stage = decision.stage === undefined ? undefined : stages[decision.stage];

    const focusCriteria = criteria.filter((c) => focus.includes(c.id));
    const missingFacts: MissingFact[] = [];
    const seen = new Set<string>();
    const collect = (m: MissingFact) => {
      if (seen.has(m.path)) return;
      seen.add(m.path);
      missingFacts.push(m);
    };
    for (const c of focusCriteria) if (c.verdict === 'unknown') for (const m of c.missing) collect(m);
    if (memberVerdict === 'unknown') for (const m of memberMissing) collect(m);
    const failedFocus = focusCriteria.filter((c) => c.verdict === 'failed');
    const misses: NearMiss[] =
      status === 'ineligible'
        ? failedFocus.flatMap(
            (c) =>
              exclusionMisses.get(c.id) ??
              nearMisses(c.id, trees.get(c.id) as CriterionEvaluation['tree'], lang, names),
          )
        : [];
    if (status === 'ineligible' && stage) {
      for (const r of stage.requires) {
        if (r.verdict !== 'failed') continue;
        misses.push({
          criterion: `stage:${stage.id}`,
          fact: 'completedStages',
          actual: completed.known ? completed.value : undefined,
          operator: 'contains',
          expected: `${v.id}:${r.stage}`,
          message: messages(lang).near.stageFirst(r.name),
        });
      }
    }
    if (status === 'ineligible' && memberVerdict === 'failed') {
      misses.push({
        criterion: 'members',
        fact: 'members',
        actual: 0,
        operator: 'greaterThanInclusive',
        expected: 1,
        message: messages(lang).near.noMember,
      });
    }

    const asOf = context.asOf;
    // A subprogramme without calls of its own is covered by its parent's calls.
    const parent = v.parent ? this.catalogue.versionAt(v.parent, asOf) : undefined;
    const own = v.calls.length || !parent?.active;
    const calls = own ? v.calls : (parent as VersionLookup).version.calls;
    const callVersion = own ? v : (parent as VersionLookup).version;
    const callEnd = callVersion.validity.to;
    const openCalls: CallResult[] = [];
    const upcomingCalls: CallResult[] = [];
    for (const c of calls) {
      if (!own && c.openTo && !c.openTo.includes(v.id)) continue;
      if (c.opens > asOf) upcomingCalls.push(this.callOf(callVersion, c, lang));
      else if (asOf <= (c.closes ?? callEnd)) openCalls.push(this.callOf(callVersion, c, lang));
    }
    const said = messages(lang).summary;
    const stageText = stage ? said.stage(stage.name) : '';
    const summary =
      status === 'eligible'
        ? said.eligible(stageText)
        : status === 'ineligible'
          ? said.ineligible(stageText, failedFocus.map((c) => c.label).join('; '))
          : said.undetermined(stageText, missingFacts.length);

    const failing = failedFocus.map((c) => c.id);
    // Person programmes: a member criterion fails when no member meets it.
    if (status === 'ineligible' && memberVerdict === 'failed')
      for (const c of criteria) if (c.scope === 'member' && c.verdict === 'failed') failing.push(c.id);
    if (stage) for (const r of stage.requires) if (r.verdict === 'failed') failing.push(`stage:${r.stage}`);

    // Built key by key rather than with spreads (this runs for every programme of every match);
    // the keys keep the order clients have always read.
    const result = {
      programme: texts.header,
      status,
      summary,
      failing,
      validity: texts.validity,
    } as ProgrammeResult;
    if (stage) result.stage = { id: stage.id, name: stage.name };
    result.criteria = criteria;
    result.stages = stages;
    result.missingFacts = missingFacts;
    result.nearMisses = misses;
    if (members) {
      result.members = members;
      result.qualifyingMembers = [];
      for (const m of members) if (m.verdict === 'passed') result.qualifyingMembers.push(m.index);
    }
    result.support = texts.support;
    result.openCalls = openCalls;
    result.upcomingCalls = upcomingCalls;
    result.conflicts = [];
    if (texts.appeal) result.appeal = texts.appeal;
    return result;
  }
}
