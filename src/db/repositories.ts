import { and, asc, desc, eq, getTableColumns, is, isNull, SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Enrolment, Group, Member } from '../rules/group';
import { type Database, insertChunks } from './database';
import {
  type ApplicationState,
  apiKeys,
  applicationEvents,
  applications,
  auditLog,
  budgetLedger,
  enrolments,
  groups,
  idempotencyKeys,
  members,
  type Role,
} from './schema';
import { hashPersonalId, randomToken, sameText, sha256 } from './secrets';

/** A stored group as the API shows it: never the personal identifier, only whether one is on file. */
export interface StoredGroup extends Omit<Group, 'members'> {
  id: string;
  createdAt: string;
  updatedAt: string;
  members: (Omit<Member, 'personalId'> & { hasPersonalId: boolean })[];
}

export interface Actor {
  keyId: string;
  role: Role;
}

const audit = (
  db: Database,
  actor: string,
  action: string,
  entity: string,
  entityId: string | null,
  detail?: unknown,
) => db.insert(auditLog).values({ actor, action, entity, entityId, detail: detail ?? null });

/**
 * `insert into <table> select <row> where <condition>` built by the query builder, because a D1 batch
 * cannot carry raw SQL with parameters (drizzle-orm issue #2277) and a builder's statement runs on
 * libsql and D1 alike. Columns the row leaves out take their default, as in a plain insert.
 */
function insertWhere<T extends SQLiteTable>(
  db: Database,
  table: T,
  row: { [K in keyof T['$inferInsert']]?: unknown },
  condition: SQL,
) {
  const given = row as Record<string, unknown>;
  const values = Object.entries(getTableColumns(table))
    .filter(([, column]) => !column.generated || column.generated.type === 'byDefault')
    .map(([key, column]) => {
      if (key in given) return sql`${given[key]}`;
      if (column.default === undefined) return sql`null`;
      return is(column.default, SQL) ? column.default : sql`${column.default}`;
    });
  return db.insert(table).select(sql`select ${sql.join(values, sql`, `)} where ${condition}`);
}

const NOW = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

// ---------------------------------------------------------------------------------------------- keys

export const KEY_PREFIX = 'vk';

/** Creates an API key; the returned key is the only time the secret exists outside a hash. */
export async function createApiKey(db: Database, role: Role, label?: string, actor = 'cli') {
  const id = randomToken(9);
  const secret = randomToken(24);
  await db.batch([
    db.insert(apiKeys).values({ id, role, label: label ?? null, secretHash: await sha256(secret) }),
    audit(db, actor, 'create', 'api_key', id, { role, label }),
  ]);
  return { id, role, key: `${KEY_PREFIX}_${id}_${secret}` };
}

export async function authenticate(db: Database, token: string): Promise<Actor | undefined> {
  const match = /^vk_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return undefined;
  const [, id, secret] = match as unknown as [string, string, string];
  const row = await db.query.apiKeys.findFirst({ where: eq(apiKeys.id, id) });
  if (!row || row.revokedAt) return undefined;
  return sameText(row.secretHash, await sha256(secret)) ? { keyId: row.id, role: row.role } : undefined;
}

/** How long a verified key is trusted without asking the database again (a revocation waits this long). */
export const KEY_CACHE_MS = 30_000;
const KEY_CACHE_SIZE = 1000;

/** `authenticate` with a short memory; see keyVerifier. */
export interface KeyVerifier {
  (token: string): Promise<Actor | undefined>;
  /**
   * Forgets what is cached for a key, so its revocation holds on this server at once; a check that
   * was already running when the key was forgotten answers its own request but is not cached.
   */
  forget(keyId: string): void;
}

/**
 * `authenticate` with the verdicts of the last few keys kept for KEY_CACHE_MS, so a busy client does
 * not cost a query and a hash per request. Unknown keys are not kept (a guessing client gains no
 * memory), and the cache holds at most KEY_CACHE_SIZE keys, the oldest going first. A key revoked
 * elsewhere (the CLI, another server) keeps working here until its entry expires; one revoked
 * through this server is forgotten at once.
 */
export function keyVerifier(db: Database, now: () => number = Date.now): KeyVerifier {
  const known = new Map<string, { actor: Actor; until: number }>();
  let forgets = 0;
  const verify = async (token: string): Promise<Actor | undefined> => {
    const hit = known.get(token);
    if (hit && hit.until > now()) return hit.actor;
    known.delete(token);
    const before = forgets;
    const actor = await authenticate(db, token);
    if (actor && forgets === before) {
      if (known.size >= KEY_CACHE_SIZE) known.delete(known.keys().next().value as string);
      known.set(token, { actor, until: now() + KEY_CACHE_MS });
    }
    return actor;
  };
  return Object.assign(verify, {
    forget(keyId: string) {
      forgets += 1;
      for (const [token, entry] of known) if (entry.actor.keyId === keyId) known.delete(token);
    },
  });
}

/** What may be shown of an API key: never its secret, nor the secret's hash. */
export interface ApiKeyInfo {
  id: string;
  role: Role;
  label: string | null;
  createdAt: string;
  /** When it was revoked; null while it works. */
  revokedAt: string | null;
}

const KEY_INFO = {
  id: apiKeys.id,
  role: apiKeys.role,
  label: apiKeys.label,
  createdAt: apiKeys.createdAt,
  revokedAt: apiKeys.revokedAt,
};

/** Every API key, oldest first, the revoked ones too. */
export function listApiKeys(db: Database): Promise<ApiKeyInfo[]> {
  return db.select(KEY_INFO).from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

/**
 * Revokes an API key: `authenticate` refuses it from then on (a keyVerifier once its cache forgets
 * it). The row stays, with the time of revocation, so the list and the audit log still name it. One
 * batch (one transaction, on D1 too): the audit entry is written only by the call that revokes, so
 * revoking a revoked key changes nothing. Undefined for an unknown id; else the key as it now is, and
 * whether this call revoked it.
 */
export async function revokeApiKey(
  db: Database,
  id: string,
  actor = 'cli',
): Promise<{ key: ApiKeyInfo; revoked: boolean } | undefined> {
  const live = and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt));
  const [, revoked, rows] = await db.batch([
    insertWhere(
      db,
      auditLog,
      { actor, action: 'revoke', entity: 'api_key', entityId: id },
      sql`exists (select 1 from ${apiKeys} where ${live})`,
    ),
    db.update(apiKeys).set({ revokedAt: NOW }).where(live).returning({ id: apiKeys.id }),
    db.select(KEY_INFO).from(apiKeys).where(eq(apiKeys.id, id)),
  ]);
  const key = rows[0];
  return key ? { key, revoked: revoked.length === 1 } : undefined;
}

export async function countApiKeys(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(apiKeys);
  return row?.n ?? 0;
}

// -------------------------------------------------------------------------------------------- groups

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

// -------------------------------------------------------------------------------------- applications

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

// ------------------------------------------------------------------------------------- idempotency

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

const idempotencyRow = (apiKeyId: string, key: string) =>
  and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key));

export async function findIdempotent(db: Database, apiKeyId: string, key: string) {
  return db.query.idempotencyKeys.findFirst({ where: idempotencyRow(apiKeyId, key) });
}

/**
 * Reserves an Idempotency-Key for a request before its work is done: one insert, which the unique
 * key lets only one request make. A reservation still pending `abandonedAfterSeconds` after it was
 * made (its server stopped mid-request) is taken over. Returns the reservation's `at`, the token that
 * completing or releasing it needs, or undefined when another request holds the key.
 */
export async function reserveIdempotent(
  db: Database,
  apiKeyId: string,
  key: string,
  requestHash: string,
  abandonedAfterSeconds: number,
): Promise<string | undefined> {
  const [inserted] = await db
    .insert(idempotencyKeys)
    .values({ apiKeyId, key, requestHash, status: 0, body: '', state: 'pending' })
    .onConflictDoNothing()
    .returning({ at: idempotencyKeys.at });
  if (inserted) return inserted.at;
  const [taken] = await db
    .update(idempotencyKeys)
    .set({ requestHash, at: NOW })
    .where(
      and(
        idempotencyRow(apiKeyId, key),
        eq(idempotencyKeys.state, 'pending'),
        sql`${idempotencyKeys.at} < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${abandonedAfterSeconds} seconds`})`,
      ),
    )
    .returning({ at: idempotencyKeys.at });
  return taken?.at;
}

/** Stores the response of the request that holds the reservation `at`. */
export async function completeIdempotent(
  db: Database,
  apiKeyId: string,
  key: string,
  at: string,
  status: number,
  body: string,
) {
  await db
    .update(idempotencyKeys)
    .set({ status, body, state: 'done' })
    .where(
      and(idempotencyRow(apiKeyId, key), eq(idempotencyKeys.state, 'pending'), eq(idempotencyKeys.at, at)),
    );
}

/** Gives the key back after the work failed, so that the request can be tried again with it. */
export async function releaseIdempotent(db: Database, apiKeyId: string, key: string, at: string) {
  await db
    .delete(idempotencyKeys)
    .where(
      and(idempotencyRow(apiKeyId, key), eq(idempotencyKeys.state, 'pending'), eq(idempotencyKeys.at, at)),
    );
}

export async function auditEntries(db: Database, entity: string, entityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id));
}
