import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../database';
import {
  type ApplicationState,
  applicationEvents,
  applications,
  auditLog,
  budgetLedger,
  enrolments,
} from '../schema';
import { audit, insertWhere, NOW } from './sql';

export type ApplicationRow = typeof applications.$inferSelect;

export interface NewApplication {
  groupId: string;
  programme: string;
  programmeKey: string;
  fiscalYear: number;
  asOf: string;
  stage: string;
  callId: string | null;
  supportLine: string;
  budgetLine: string;
  amountMinor: number;
  currency: string;
}

export async function createApplication(
  db: Database,
  input: NewApplication,
  actor: string,
): Promise<ApplicationRow> {
  // Checked before anything is written: an amount the database could not give back as an exact number
  // would leave a row that every later read fails on.
  if (!Number.isSafeInteger(input.amountMinor))
    throw new RangeError(`amount ${input.amountMinor} (minor units) is not a safe integer`);
  const id = crypto.randomUUID();
  await db.batch([
    db.insert(applications).values({ id, ...input, createdBy: actor }),
    db.insert(applicationEvents).values({ applicationId: id, fromState: null, toState: 'draft', actor }),
    audit(db, actor, 'create', 'application', id, {
      programme: input.programmeKey,
      supportLine: input.supportLine,
    }),
  ]);
  return (await getApplication(db, id)) as ApplicationRow;
}

export async function getApplication(db: Database, id: string): Promise<ApplicationRow | undefined> {
  return db.query.applications.findFirst({ where: eq(applications.id, id) });
}

export async function applicationHistory(db: Database, id: string) {
  return db
    .select({
      from: applicationEvents.fromState,
      to: applicationEvents.toState,
      actor: applicationEvents.actor,
      note: applicationEvents.note,
      at: applicationEvents.at,
    })
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, id))
    .orderBy(asc(applicationEvents.id));
}

/**
 * Moves an application from its current state to another, as compare-and-set: the update applies
 * only if the state is still the one read, and the history and audit rows are written in the same
 * batch only when it did (SQLite's changes() of the statement before), so concurrent requests
 * cannot both win and no half-done transition is left.
 */
export async function transition(
  db: Database,
  application: ApplicationRow,
  to: ApplicationState,
  actor: string,
  note?: string,
): Promise<boolean> {
  const from = application.state;
  const updated = sql`changes() = 1`;
  const [update] = await db.batch([
    db
      .update(applications)
      .set({ state: to, updatedAt: NOW })
      .where(and(eq(applications.id, application.id), eq(applications.state, from)))
      .returning({ id: applications.id }),
    insertWhere(
      db,
      applicationEvents,
      { applicationId: application.id, fromState: from, toState: to, actor, note: note ?? null },
      updated,
    ),
    insertWhere(
      db,
      auditLog,
      {
        actor,
        action: to,
        entity: 'application',
        entityId: application.id,
        detail: JSON.stringify({ from, note: note ?? null }),
      },
      updated,
    ),
  ]);
  return update.length === 1;
}

export interface ApprovalRules {
  /** The budget line's amount, in minor units. */
  lineAmountMinor: number;
  /** Programme ids the group may not hold in the same fiscal year (from the rule files' exclusions). */
  excludedProgrammes: readonly string[];
}

/**
 * Approves a submitted (or waitlisted) application and commits its amount against the budget line, atomically.
 * The ledger insert carries every condition (still submitted, the line not exceeded, no excluded
 * programme held this fiscal year) in its WHERE clause, and the state read by the caller must
 * still hold, so there is no read-then-write race; the
 * batch runs as one transaction (on D1 too, which has no interactive transactions).
 */
export async function approveApplication(
  db: Database,
  application: ApplicationRow,
  rules: ApprovalRules,
  actor: string,
) {
  const excluded = rules.excludedProgrammes.length
    ? sql.join(
        rules.excludedProgrammes.map((p) => sql`${p}`),
        sql`, `,
      )
    : sql`''`;
  const a = application;
  const ledgerInsert = insertWhere(
    db,
    budgetLedger,
    {
      programmeKey: a.programmeKey,
      budgetLine: a.budgetLine,
      applicationId: a.id,
      amountMinor: a.amountMinor,
      currency: a.currency,
    },
    sql`exists (select 1 from applications where id = ${a.id} and state = ${a.state})
      and (select coalesce(sum(amount_minor), 0) from budget_ledger
           where programme_key = ${a.programmeKey} and budget_line = ${a.budgetLine}) + ${a.amountMinor} <= ${rules.lineAmountMinor}
      and not exists (select 1 from applications
           where group_id = ${a.groupId} and fiscal_year = ${a.fiscalYear} and state = 'approved' and programme in (${excluded}))
      and not exists (select 1 from enrolments
           where group_id = ${a.groupId} and fiscal_year = ${a.fiscalYear} and status in ('current', 'completed') and programme in (${excluded}))`,
  );
  const committedRow = sql`exists (select 1 from budget_ledger where application_id = ${a.id})`;
  await db.batch([
    ledgerInsert,
    db
      .update(applications)
      .set({ state: 'approved', updatedAt: NOW })
      .where(and(eq(applications.id, a.id), eq(applications.state, a.state), committedRow)),
    insertWhere(
      db,
      applicationEvents,
      { applicationId: a.id, fromState: a.state, toState: 'approved', actor },
      sql`${committedRow} and not exists (select 1 from application_events where application_id = ${a.id} and to_state = 'approved')`,
    ),
    insertWhere(
      db,
      enrolments,
      {
        groupId: a.groupId,
        programme: a.programme,
        fiscalYear: a.fiscalYear,
        stage: a.stage,
        status: 'current',
        applicationId: a.id,
      },
      committedRow,
    ).onConflictDoUpdate({
      target: [enrolments.groupId, enrolments.programme, enrolments.fiscalYear, enrolments.stage],
      set: { status: 'current', applicationId: sql`excluded.application_id` },
    }),
    insertWhere(
      db,
      auditLog,
      {
        actor,
        action: 'approve',
        entity: 'application',
        entityId: a.id,
        detail: JSON.stringify({ amountMinor: a.amountMinor, budgetLine: a.budgetLine }),
      },
      sql`${committedRow} and not exists (select 1 from audit_log where entity = 'application' and entity_id = ${a.id} and action = 'approve')`,
    ),
  ]);
  const row = await db.query.budgetLedger.findFirst({ where: eq(budgetLedger.applicationId, a.id) });
  return row !== undefined;
}

export async function committedByLine(
  db: Database,
  programmeKey: string,
): Promise<Map<string, { total: number; count: number }>> {
  const rows = await db
    .select({
      line: budgetLedger.budgetLine,
      total: sql<number>`sum(${budgetLedger.amountMinor})`,
      count: sql<number>`count(*)`,
    })
    .from(budgetLedger)
    .where(eq(budgetLedger.programmeKey, programmeKey))
    .groupBy(budgetLedger.budgetLine);
  return new Map(rows.map((r) => [r.line, { total: Number(r.total), count: Number(r.count) }]));
}

/** Whether the group holds an excluded programme this fiscal year (to explain a refused approval). */
export async function heldExcluded(
  db: Database,
  groupId: string,
  fiscalYear: number,
  excluded: readonly string[],
) {
  if (!excluded.length) return [];
  const approved = await db
    .select({ programme: applications.programme })
    .from(applications)
    .where(
      and(
        eq(applications.groupId, groupId),
        eq(applications.fiscalYear, fiscalYear),
        eq(applications.state, 'approved'),
      ),
    );
  const enrolled = await db
    .select({ programme: enrolments.programme, status: enrolments.status })
    .from(enrolments)
    .where(and(eq(enrolments.groupId, groupId), eq(enrolments.fiscalYear, fiscalYear)));
  return [
    ...new Set(
      [
        ...approved.map((r) => r.programme),
        ...enrolled.filter((e) => e.status === 'current' || e.status === 'completed').map((e) => e.programme),
      ].filter((p) => excluded.includes(p)),
    ),
  ];
}
