import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Enrolment, Group, Member } from '../../rules/group';
import { type Database, insertChunks } from '../database';
import { type ApplicationState, applications, auditLog, enrolments, groups, members } from '../schema';
import { hashPersonalId } from '../secrets';
import { audit, insertWhere, NOW } from './sql';

/** A stored group as the API shows it: never the personal identifier, only whether one is on file. */
export interface StoredGroup extends Omit<Group, 'members'> {
  id: string;
  createdAt: string;
  updatedAt: string;
  members: (Omit<Member, 'personalId'> & { hasPersonalId: boolean })[];
}

/**
 * A group's data row, members and enrolments. The row's id is the server's: a group's own `id` (a
 * caller's reference, as /v1/match takes) is not stored, so it can never stand in for the row's.
 */
function splitGroup(group: Group) {
  const { members: memberList, enrolments: enrolmentList, ...data } = group;
  delete data.id;
  return { data, memberList, enrolmentList };
}

/** Stored data without what the row itself holds (rows written before splitGroup dropped the id had one). */
function rowData(data: unknown): Omit<Group, 'members' | 'enrolments' | 'id'> {
  const {
    id: _id,
    createdAt: _created,
    updatedAt: _updated,
    ...rest
  } = data as Group & Record<string, unknown>;
  return rest;
}

async function memberRows(groupId: string, list: Member[] | undefined, secret: string) {
  return Promise.all(
    (list ?? []).map(async (member, position) => {
      const { personalId, ...data } = member;
      return {
        groupId,
        position,
        data,
        personalIdHash: personalId ? await hashPersonalId(secret, personalId) : null,
      };
    }),
  );
}

const enrolmentRows = (groupId: string, list: Enrolment[] | undefined) =>
  (list ?? []).map((e) => ({
    groupId,
    programme: e.programme,
    fiscalYear: e.fiscalYear,
    stage: e.stage ?? '',
    status: e.status,
  }));

export async function createGroup(
  db: Database,
  group: Group,
  actor: string,
  secret: string,
): Promise<string> {
  const id = crypto.randomUUID();
  const { data, memberList, enrolmentList } = splitGroup(group);
  const rows = await memberRows(id, memberList, secret);
  const enrolled = enrolmentRows(id, enrolmentList);
  await db.batch([
    db.insert(groups).values({ id, name: group.name ?? null, data }),
    ...insertChunks(rows).map((chunk) => db.insert(members).values(chunk)),
    ...insertChunks(enrolled).map((chunk) => db.insert(enrolments).values(chunk)),
    audit(db, actor, 'create', 'group', id, { members: rows.length }),
  ]);
  return id;
}

export async function replaceGroup(
  db: Database,
  id: string,
  group: Group,
  actor: string,
  secret: string,
): Promise<boolean> {
  const existing = await db.query.groups.findFirst({ where: eq(groups.id, id), columns: { id: true } });
  if (!existing) return false;
  const { data, memberList, enrolmentList } = splitGroup(group);
  const rows = await memberRows(id, memberList, secret);
  // Enrolments created by approved applications stay; the ones entered with the group are replaced.
  const enrolled = enrolmentRows(id, enrolmentList);
  await db.batch([
    db
      .update(groups)
      .set({ name: group.name ?? null, data, updatedAt: NOW })
      .where(eq(groups.id, id)),
    db.delete(members).where(eq(members.groupId, id)),
    ...insertChunks(rows).map((chunk) => db.insert(members).values(chunk)),
    db.delete(enrolments).where(and(eq(enrolments.groupId, id), sql`${enrolments.applicationId} is null`)),
    ...insertChunks(enrolled).map((chunk) => db.insert(enrolments).values(chunk).onConflictDoNothing()),
    audit(db, actor, 'update', 'group', id, { members: rows.length }),
  ]);
  return true;
}

export type DeleteResult =
  | { deleted: true }
  | { deleted: false; reason: 'not_found' }
  /** Applications past draft, by state: records of public money, kept with the group they belong to. */
  | { deleted: false; reason: 'has_records'; kept: Partial<Record<ApplicationState, number>> };

/**
 * Deletes a group, its members, enrolments and draft applications, unless it has an application
 * past draft (submitted, waitlisted, approved, rejected): those, their history and any budget
 * commitment are records of public money and are never deleted (triggers in the migrations refuse
 * it too). One batch: the check and the delete cannot be split by a concurrent submission. The audit
 * log keeps its entries about the group, and gains one for the deletion, naming the drafts deleted.
 */
export async function deleteGroup(db: Database, id: string, actor: string): Promise<DeleteResult> {
  const keepable = sql`not exists (select 1 from ${applications} where ${applications.groupId} = ${id} and ${applications.state} <> 'draft')`;
  try {
    const [, deleted] = await db.batch([
      insertWhere(
        db,
        auditLog,
        {
          actor,
          action: 'delete',
          entity: 'group',
          entityId: id,
          detail: sql`json_object('draftApplications', (select json_group_array(${applications.id}) from ${applications} where ${applications.groupId} = ${id}))`,
        },
        sql`exists (select 1 from ${groups} where ${groups.id} = ${id}) and ${keepable}`,
      ),
      db
        .delete(groups)
        .where(and(eq(groups.id, id), keepable))
        .returning({ id: groups.id }),
    ]);
    if (deleted.length) return { deleted: true };
  } catch (error) {
    // The triggers and the ledger's foreign key, should a record slip past the check.
    if (!/FOREIGN KEY|are kept|append-only/.test(String((error as Error).message))) throw error;
  }
  const existing = await db.query.groups.findFirst({ where: eq(groups.id, id), columns: { id: true } });
  if (!existing) return { deleted: false, reason: 'not_found' };
  const states = await db
    .select({ state: applications.state, n: sql<number>`count(*)` })
    .from(applications)
    .where(and(eq(applications.groupId, id), sql`${applications.state} <> 'draft'`))
    .groupBy(applications.state);
  return {
    deleted: false,
    reason: 'has_records',
    kept: Object.fromEntries(states.map((s) => [s.state, Number(s.n)])),
  };
}

/** The group as the matcher needs it (personal identifiers left out: matching never reads them). */
export async function loadGroup(
  db: Database,
  id: string,
): Promise<{ group: Group; stored: StoredGroup } | undefined> {
  const row = await db.query.groups.findFirst({ where: eq(groups.id, id) });
  if (!row) return undefined;
  const memberRowsFound = await db
    .select()
    .from(members)
    .where(eq(members.groupId, id))
    .orderBy(asc(members.position));
  const enrolmentRowsFound = await db
    .select()
    .from(enrolments)
    .where(eq(enrolments.groupId, id))
    .orderBy(asc(enrolments.id));
  const enrolmentList: Enrolment[] = enrolmentRowsFound.map((e) => ({
    programme: e.programme,
    fiscalYear: e.fiscalYear,
    ...(e.stage ? { stage: e.stage } : {}),
    status: e.status,
  }));
  const data = rowData(row.data);
  const memberData = memberRowsFound.map((m) => m.data as Omit<Member, 'personalId'>);
  const group: Group = { ...data, members: memberData, enrolments: enrolmentList };
  return {
    group,
    stored: {
      id: row.id,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      ...data,
      enrolments: enrolmentList,
      members: memberRowsFound.map((m) => ({
        ...(m.data as Omit<Member, 'personalId'>),
        hasPersonalId: m.personalIdHash !== null,
      })),
    },
  };
}

export async function listGroups(db: Database, limit: number, offset: number) {
  return db
    .select({ id: groups.id, name: groups.name, createdAt: groups.createdAt, updatedAt: groups.updatedAt })
    .from(groups)
    .orderBy(desc(groups.createdAt), asc(groups.id))
    .limit(limit)
    .offset(offset);
}
