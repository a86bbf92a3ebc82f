import type { Draft } from '../src/web/group-form';
import { ENROLMENT_FIELDS, GROUP_SECTIONS, MEMBER_FIELDS } from '../src/web/group-form';

/** What the page tests share: the form a browser posts for a draft, and what they read back. */

/** The form fields a browser would post for a draft (the page names every control by its group path). */
export function formBody(draft: Draft, csrf: string, action = 'match'): URLSearchParams {
  const body = new URLSearchParams({ csrf, action, asOf: draft.asOf, lang: draft.lang });
  for (const f of GROUP_SECTIONS.flatMap((s) => s.fields)) body.set(f.path, draft.group[f.path] ?? '');
  draft.members.forEach((m, i) => {
    for (const f of MEMBER_FIELDS) body.set(`members[${i}].${f.path}`, m[f.path] ?? '');
  });
  draft.enrolments.forEach((e, i) => {
    for (const f of ENROLMENT_FIELDS) body.set(`enrolments[${i}].${f.path}`, e[f.path] ?? '');
  });
  body.set('enrolments.known', draft.enrolmentsKnown);
  body.set('debts.known', draft.debtsKnown);
  for (const a of draft.debtAgencies) body.append('debts.agencies', a);
  body.set('debts.kind', draft.debtKind);
  body.set('disqualifications.known', draft.disqualificationsKnown);
  for (const a of draft.disqualificationAgencies) body.append('disqualifications.agencies', a);
  body.set('json', draft.json);
  return body;
}

export const csrfOf = (html: string) => /name="csrf" value="([0-9a-f]{64})"/.exec(html)?.[1] ?? '';
export const statusesOf = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/data-programme="([^"]+)" data-status="([^"]+)"/g)].map((m) => [m[1], m[2]] as const),
  );
