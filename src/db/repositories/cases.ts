import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../database';
import { applicationEvents, applications, auditLog, groups } from '../schema';

/**
 * The case worker's desk: the groups an API key saved (who created a group is in the audit log, so
 * no column is added for it), and a group's applications with their history.
 */

export interface CaseSummary {
  id: string;
  name: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The groups the key created, most recently changed first. */
export async function casesOf(db: Database, actor: string, limit: number): Promise<CaseSummary[]> {
  const created = db
    .select({ id: auditLog.entityId })
    .from(auditLog)
    .where(and(eq(auditLog.actor, actor), eq(auditLog.entity, 'group'), eq(auditLog.action, 'create')));
  return db
    .select({ id: groups.id, name: groups.name, createdAt: groups.createdAt, updatedAt: groups.updatedAt })
    .from(groups)
    .where(inArray(groups.id, created))
    .orderBy(desc(groups.updatedAt), asc(groups.id))
    .limit(limit);
}

export interface CaseApplication {
  id: string;
  programme: string;
  programmeKey: string;
  stage: string;
  callId: string | null;
  supportLine: string;
  amountMinor: number;
  currency: string;
  state: (typeof applications.$inferSelect)['state'];
  createdAt: string;
  history: { from: string | null; to: string; note: string | null; at: string }[];
}

/** A group's applications, oldest first, each with its history of states. */
export async function caseApplications(db: Database, groupId: string): Promise<CaseApplication[]> {
  const rows = await db
    .select()
    .from(applications)
    .where(eq(applications.groupId, groupId))
    .orderBy(asc(applications.createdAt), asc(applications.id));
  if (!rows.length) return [];
  const events = await db
    .select({
      applicationId: applicationEvents.applicationId,
      from: applicationEvents.fromState,
      to: applicationEvents.toState,
      note: applicationEvents.note,
      at: applicationEvents.at,
    })
    .from(applicationEvents)
    .where(
      inArray(
        applicationEvents.applicationId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(applicationEvents.id));
  return rows.map((r) => ({
    id: r.id,
    programme: r.programme,
    programmeKey: r.programmeKey,
    stage: r.stage,
    callId: r.callId,
    supportLine: r.supportLine,
    amountMinor: r.amountMinor,
    currency: r.currency,
    state: r.state,
    createdAt: r.createdAt,
    history: events
      .filter((e) => e.applicationId === r.id)
      .map(({ from, to, note, at }) => ({ from, to, note, at })),
  }));
}
