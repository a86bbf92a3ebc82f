import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_DISTRIBUTIONS } from '../src/graph/distributions';
import { syntheticGroups } from '../src/graph/synthetic';
import { FACTS } from '../src/rules/facts';
import {
  FIELD_VALUE_LABELS,
  fieldLabel,
  GROUP_FIELDS,
  hasControl,
  INPUT_FIELDS,
  inputField,
  inputKey,
} from '../src/rules/fields';
import { groupSchema } from '../src/rules/group';
import { loadCatalogue } from '../src/rules/load-dir';
import { Matcher, parseGroup } from '../src/rules/match';
import { ENROLMENT_FIELDS, GROUP_SECTIONS, MEMBER_FIELDS } from '../src/web/group-form';
import { fromRegistry, groupCases, INPUT_FORMS, inputForms } from './arbitraries';

/**
 * Adding an input field is one entry in the field registry (src/rules/fields/): from it come the
 * group schema, the case-worker form, the questions for missing facts, the labels, docs/facts.md,
 * the generated groups of the property tests and the synthetic population.
 */

const catalogue = loadCatalogue();

/** Every property path of a JSON Schema, lists as "[]". */
function schemaPaths(schema: Record<string, unknown>, prefix = '', out: string[] = []): string[] {
  const node =
    (schema.anyOf as Record<string, unknown>[] | undefined)?.find((s) => s.type !== 'null') ?? schema;
  if (node.type === 'array') return schemaPaths(node.items as Record<string, unknown>, `${prefix}[]`, out);
  const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
  if (!properties) return out;
  for (const [key, value] of Object.entries(properties)) {
    const path = prefix ? `${prefix.endsWith('[]') ? `${prefix}.` : `${prefix}.`}${key}` : key;
    out.push(path);
    schemaPaths(value, path, out);
  }
  return out;
}

/** The form's control names for a registry path (money has an amount and a currency). */
function formPaths(): Set<string> {
  const out = new Set<string>();
  for (const section of GROUP_SECTIONS) for (const f of section.fields) out.add(f.path);
  for (const f of MEMBER_FIELDS) out.add(`members[].${f.path}`);
  for (const f of ENROLMENT_FIELDS) out.add(`enrolments[].${f.path}`);
  return out;
}

describe('the field registry', () => {
  it('describes exactly the fields of the group schema, each with labels and a question in both languages', () => {
    const json = z.toJSONSchema(groupSchema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
    const fromSchema = schemaPaths(json).filter((p) => !/\.(amount|currency)$/.test(p));
    expect(INPUT_FIELDS.map((f) => f.path).sort()).toEqual(fromSchema.sort());
    for (const { path, def } of INPUT_FIELDS) {
      for (const text of [def.label.es, def.label.en, def.question.es, def.question.en])
        expect(text.trim(), path).not.toBe('');
      expect(def.question.es, path).not.toMatch(/\{where\}/);
    }
  });

  it('puts every field with a control in the form, and each of its options has a name in both languages', () => {
    const form = formPaths();
    for (const { path, def } of INPUT_FIELDS) {
      if (!hasControl(def)) {
        expect(
          (def.control as { none: string }).none.length,
          `${path}: say why it has no control`,
        ).toBeGreaterThan(5);
        continue;
      }
      const { kind, options } = def.control;
      if (kind === 'list') continue; // the page's lists: agencies ticked, rows of enrolments and members
      expect(form, path).toContain(kind === 'money' ? `${path}.amount` : path);
      for (const option of options ?? []) {
        if (/^E\d$/.test(option)) continue; // producer strata are named by their code (E1-E6)
        expect(FIELD_VALUE_LABELS[option], `${path}: a name for '${option}'`).toBeDefined();
      }
    }
  });

  it('names every input a fact reads, and docs/facts.md lists every field', () => {
    const doc = readFileSync('docs/facts.md', 'utf8');
    for (const { path } of INPUT_FIELDS) expect(doc, path).toContain(`| \`${path}\` |`);
    for (const fact of FACTS.values()) {
      for (const input of fact.inputs) {
        if (input.startsWith('programmes/') || input === 'members[].*') continue;
        expect(inputField(input), `${fact.name} reads ${input}`).toBeDefined();
      }
    }
  });

  it('has a form control for every input the engine can ask for', async () => {
    const form = formPaths();
    const matcher = new Matcher(catalogue, 'compiled');
    const asked = new Set<string>();
    for (const c of fc.sample(groupCases(catalogue), { numRuns: 150, seed: 17 })) {
      let group: ReturnType<typeof parseGroup>;
      try {
        group = parseGroup(c.group, catalogue);
      } catch {
        continue;
      }
      const report = await matcher.match(group, { asOf: c.asOf, lang: 'es' });
      for (const r of report.results)
        for (const m of r.missingFacts) asked.add(inputKey(m.path.replace(/ \(in \w+\)$/, '')));
    }
    expect(asked.size).toBeGreaterThan(10);
    for (const path of asked) {
      const entry = inputField(path);
      expect(entry, `the engine asks for ${path}`).toBeDefined();
      if (!entry || !hasControl(entry.def)) throw new Error(`${path} is asked for and has no control`);
      if (entry.def.control.kind !== 'list')
        expect(form, path).toContain(entry.def.control.kind === 'money' ? `${path}.amount` : path);
    }
  });

  it('names a field to a person: member and list items numbered, nested fields after their parent', () => {
    expect(fieldLabel('members[0].age', 'es')).toBe('Integrante 1 · Edad');
    expect(fieldLabel('members[0].age', 'en')).toBe('Member 1 · Age');
    expect(fieldLabel('members[2].residence.state', 'es')).toBe(
      'Integrante 3 · Lugar de residencia · Entidad federativa',
    );
    expect(fieldLabel('training.cooperativismCourseCompleted', 'en')).toBe(
      'Training and participation · Cooperativism course completed',
    );
    expect(fieldLabel('enrolments[1].status', 'es')).toBe('Inscripción 2 · Situación');
    expect(fieldLabel('householdIncomePerCapitaMonthly.amount', 'es')).toBe(
      'Ingreso mensual per cápita del hogar',
    );
    expect(fieldLabel('legalForm', 'es')).toBe('Figura jurídica');
    expect(fieldLabel('(group)', 'es')).toBe('(group)');
  });

  it('has every field generated by test/arbitraries.ts, by hand or from its entry', () => {
    const seen = new Set<string>();
    for (const c of fc.sample(groupCases(catalogue), { numRuns: 600, seed: 3 }))
      for (const form of inputForms(c, catalogue)) seen.add(form);
    const missing = Object.keys(INPUT_FORMS).filter((f) => f.startsWith('field: ') && !seen.has(f));
    expect(missing).toEqual([]);
    // A field of a simple type needs no line in arbitraries.ts.
    expect(fromRegistry(GROUP_FIELDS.activity)).toBeDefined();
  });

  it('has every field the synthetic population draws drawn, in each input form it may take', () => {
    const distributions = new Set([...Object.keys(DEFAULT_DISTRIBUTIONS.defaults), 'territories']);
    const forms = new Set<string>();
    for (const group of syntheticGroups(DEFAULT_DISTRIBUTIONS, {
      count: 400,
      seed: 4,
      territories: catalogue.territories,
    }))
      for (const form of inputForms(
        { asOf: '2018-06-01', group: JSON.parse(JSON.stringify(group)) },
        catalogue,
      ))
        forms.add(form);
    for (const { path, def } of INPUT_FIELDS) {
      if (!('distribution' in def.synthetic)) continue;
      expect(distributions, `${path}: distribution '${def.synthetic.distribution}'`).toContain(
        def.synthetic.distribution,
      );
      if (!def.fields) expect(forms, `the synthetic population draws ${path}`).toContain(`field: ${path}`);
    }
    for (const form of [
      'member: age only',
      'member: birth date only',
      'residence: municipality without state',
      'residence: state and municipality',
      'residence: state only',
      'legal: constituted with a date',
      'legal: not constituted',
    ])
      expect(forms, form).toContain(form);
  });
});
