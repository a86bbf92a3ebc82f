import { asc, count, gt, inArray, sql } from 'drizzle-orm';
import type { StoredEnrolments } from '../graph/duplicates';
import type { Enrolment, Group, Member } from '../rules/group';
import { type Database, MAX_BOUND_PARAMETERS } from './database';
import { enrolments, groups, members } from './schema';

/**
 * Reads for the coordination graph: the stored groups as a streamed population, and the
 * enrolments of a fiscal year aggregated by person (keyed hash) and by group, for the duplicate
 * enrolment flags. Works on libsql and D1 alike (plain SQL aggregates).
 */

export async function storedGroupCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(groups);
  return Number(row?.n ?? 0);
}

/** Every stored group with its members and enrolments, a page at a time, in id order (a page's ids are bound parameters). */
export async function* storedGroups(db: Database, pageSize = MAX_BOUND_PARAMETERS): AsyncGenerator<Group> {
  let after = '';
  for (;;) {
    const page = await db
      .select({ id: groups.id, data: groups.data })
      .from(groups)
      .where(gt(groups.id, after))
      .orderBy(asc(groups.id))
      .limit(pageSize);
    if (!page.length) return;
    const ids = page.map((g) => g.id);
    const memberRows = await db
      .select({ groupId: members.groupId, data: members.data })
      .from(members)
      .where(inArray(members.groupId, ids))
      .orderBy(asc(members.groupId), asc(members.position));
    const enrolmentRows = await db
      .select()
      .from(enrolments)
      .where(inArray(enrolments.groupId, ids))
      .orderBy(asc(enrolments.id));
    const membersOf = new Map<string, Omit<Member, 'personalId'>[]>();
    for (const m of memberRows) {
      const list = membersOf.get(m.groupId) ?? [];
      list.push(m.data as Omit<Member, 'personalId'>);
      membersOf.set(m.groupId, list);
    }
    const enrolmentsOf = new Map<string, Enrolment[]>();
    for (const e of enrolmentRows) {
      const list = enrolmentsOf.get(e.groupId) ?? [];
      list.push({
        programme: e.programme,
        fiscalYear: e.fiscalYear,
        ...(e.stage ? { stage: e.stage } : {}),
        status: e.status,
      });
      enrolmentsOf.set(e.groupId, list);
    }
    for (const row of page) {
      const data = row.data as Omit<Group, 'members' | 'enrolments'>;
      yield { ...data, members: membersOf.get(row.id) ?? [], enrolments: enrolmentsOf.get(row.id) ?? [] };
    }
    after = page.at(-1)?.id as string;
    if (page.length < pageSize) return;
  }
}

const HELD = sql`${enrolments.status} in ('current', 'completed')`;

/** Enrolments of one fiscal year held by the same person through several groups, or in several programmes. */
export async function storedEnrolments(db: Database, fiscalYear: number): Promise<StoredEnrolments> {
  const samePerson = await db
    .select({
      programme: enrolments.programme,
      hash: members.personalIdHash,
      groups: sql<string>`group_concat(distinct ${enrolments.groupId})`,
    })
    .from(enrolments)
    .innerJoin(members, sql`${members.groupId} = ${enrolments.groupId}`)
    .where(
      sql`${members.personalIdHash} is not null and ${enrolments.fiscalYear} = ${fiscalYear} and ${HELD}`,
    )
    .groupBy(enrolments.programme, members.personalIdHash)
    .having(sql`count(distinct ${enrolments.groupId}) > 1`);

  const byPerson = await db
    .select({
      hash: members.personalIdHash,
      held: sql<string>`group_concat(distinct ${enrolments.programme} || '|' || ${enrolments.groupId})`,
    })
    .from(enrolments)
    .innerJoin(members, sql`${members.groupId} = ${enrolments.groupId}`)
    .where(
      sql`${members.personalIdHash} is not null and ${enrolments.fiscalYear} = ${fiscalYear} and ${HELD}`,
    )
    .groupBy(members.personalIdHash)
    .having(sql`count(distinct ${enrolments.programme}) > 1`);

  const byGroup = await db
    .select({
      groupId: enrolments.groupId,
      held: sql<string>`group_concat(distinct ${enrolments.programme})`,
    })
    .from(enrolments)
    .where(sql`${enrolments.fiscalYear} = ${fiscalYear} and ${HELD}`)
    .groupBy(enrolments.groupId)
    .having(sql`count(distinct ${enrolments.programme}) > 1`);

  const split = (text: string) => text.split(',').filter(Boolean);
  return {
    fiscalYear,
    samePerson: samePerson.map((r) => ({
      programme: r.programme,
      fiscalYear,
      personHash: r.hash as string,
      groupIds: split(r.groups),
    })),
    holders: [
      ...byPerson.map((r) => ({
        holder: { kind: 'person' as const, hash: r.hash as string },
        fiscalYear,
        programmes: split(r.held).map((x) => {
          const [programme, groupId] = x.split('|') as [string, string];
          return { programme, groupId };
        }),
      })),
      ...byGroup.map((r) => ({
        holder: { kind: 'group' as const, id: r.groupId },
        fiscalYear,
        programmes: split(r.held).map((programme) => ({ programme, groupId: r.groupId })),
      })),
    ],
  };
}
