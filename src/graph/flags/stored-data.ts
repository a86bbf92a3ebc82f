import { countNoun, NOUNS } from '../../rules/i18n';
import type { DuplicateFinding } from '../duplicates';
import { type GraphModel, programmeNode } from '../model';
import { exclusionEdgesBetween } from './population';
import { both, type Flag, list, num, programmeName } from './shared';

// Stored data

export function duplicateEnrolments(model: GraphModel, findings: DuplicateFinding[]): Flag[] {
  return findings.map((f) => {
    const id =
      f.kind === 'same_programme'
        ? `duplicate-enrolment:${f.programmes[0]}@${f.fiscalYear}`
        : `duplicate-enrolment:${f.programmes.join('+')}@${f.fiscalYear}`;
    const names = (lang: 'es' | 'en') =>
      list(
        f.programmes.map((p) => programmeName(model, p, lang)),
        lang,
      );
    const nodes = f.programmes.map(programmeNode);
    const exclusionEdges =
      f.programmes.length === 2
        ? exclusionEdgesBetween(model, f.programmes[0] as string, f.programmes[1] as string)
        : [];
    return {
      id,
      type: 'duplicate-enrolment' as const,
      severity: 'high' as const,
      title: both((lang) =>
        f.kind === 'same_programme'
          ? lang === 'es'
            ? `Inscripción duplicada: las mismas personas en ${names(lang)} con más de un grupo (${f.fiscalYear})`
            : `Duplicate enrolment: the same people in ${names(lang)} through more than one group (${f.fiscalYear})`
          : lang === 'es'
            ? `Inscripción en programas excluyentes: ${names(lang)} (${f.fiscalYear})`
            : `Enrolment in mutually exclusive programmes: ${names(lang)} (${f.fiscalYear})`,
      ),
      detail: both((lang) =>
        f.kind === 'same_programme'
          ? lang === 'es'
            ? `En los datos guardados, ${countNoun(f.persons, NOUNS.person, lang)} (${f.persons === 1 ? 'identificada' : 'identificadas'} por el hash con clave de su identificador, nunca el identificador) ${f.persons === 1 ? 'está inscrita' : 'están inscritas'} en ${names(lang)} en ${f.fiscalYear} a través de ${num(f.groups.length, lang)} grupos distintos.`
            : `In the stored data, ${countNoun(f.persons, NOUNS.person, lang)} (matched by the keyed hash of their identifier, never the identifier) ${f.persons === 1 ? 'is' : 'are'} enrolled in ${names(lang)} in ${f.fiscalYear} through ${num(f.groups.length, lang)} different groups.`
          : lang === 'es'
            ? `En los datos guardados, ${countNoun(f.persons, NOUNS.person, lang)} (por el hash con clave de su identificador) y ${countNoun(f.groups.length, NOUNS.group, lang)} tienen inscripciones vigentes o concluidas en ${names(lang)} en ${f.fiscalYear}, que se excluyen (${f.exclusions.join(', ')}).`
            : `In the stored data, ${countNoun(f.persons, NOUNS.person, lang)} (by the keyed hash of their identifier) and ${countNoun(f.groups.length, NOUNS.group, lang)} hold current or completed enrolments in ${names(lang)} in ${f.fiscalYear}, which exclude each other (${f.exclusions.join(', ')}).`,
      ),
      nodes,
      edges: exclusionEdges,
      evidence: { persons: f.persons, groups: f.groups.length, fiscalYear: f.fiscalYear },
      sources: f.sources,
      groups: f.groups,
    };
  });
}
