import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The database, top to bottom. Every invariant the database can hold (unique keys, foreign keys,
 * checks) is declared here; drizzle-kit generates the migrations in src/db/migrations. The same
 * schema runs on a local libsql file, a libsql server (sqld, Turso) and Cloudflare D1.
 */

export const ROLES = ['admin', 'case_worker', 'committee', 'service'] as const;
export type Role = (typeof ROLES)[number];
export const APPLICATION_STATES = ['draft', 'submitted', 'approved', 'rejected', 'waitlisted'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/** API keys: only a hash of the secret is kept; the key is shown once when created. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    label: text('label'),
    createdAt: text('created_at').notNull().default(now),
    revokedAt: text('revoked_at'),
  },
  () => [check('api_keys_role', inList('role', ROLES))],
);

export const groups = sqliteTable('groups', {
  id: text('id').primaryKey(),
  name: text('name'),
  /** The group as entered, without members and enrolments (they have their own tables). */
  data: text('data', { mode: 'json' }).notNull(),
  createdAt: text('created_at').notNull().default(now),
  updatedAt: text('updated_at').notNull().default(now),
});

export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** The member as entered, without the personal identifier. */
    data: text('data', { mode: 'json' }).notNull(),
    /** Keyed hash (HMAC-SHA-256) of the personal identifier; the identifier itself is never stored. */
    personalIdHash: text('personal_id_hash'),
  },
  (t) => [
    uniqueIndex('members_group_position').on(t.groupId, t.position),
    index('members_personal_id_hash').on(t.personalIdHash),
    check('members_position', sql`${t.position} >= 0`),
  ],
);

export const enrolments = sqliteTable(
  'enrolments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    programme: text('programme').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    /** '' when the enrolment is not about a stage (keeps the unique key simple). */
    stage: text('stage').notNull().default(''),
    status: text('status', {
      enum: ['current', 'completed', 'waitlisted', 'rejected', 'withdrawn'],
    }).notNull(),
    applicationId: text('application_id').references(() => applications.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('enrolments_unique').on(t.groupId, t.programme, t.fiscalYear, t.stage),
    index('enrolments_programme_year').on(t.programme, t.fiscalYear),
    check(
      'enrolments_status',
      inList('status', ['current', 'completed', 'waitlisted', 'rejected', 'withdrawn']),
    ),
    check('enrolments_year', sql`${t.fiscalYear} between 1990 and 2100`),
  ],
);

export const applications = sqliteTable(
  'applications',
  {
    id: text('id').primaryKey(),
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    programme: text('programme').notNull(),
    /** "id@fiscalYear" of the programme version applied to. */
    programmeKey: text('programme_key').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    /** The date the application is made and judged at (YYYY-MM-DD). */
    asOf: text('as_of').notNull(),
    stage: text('stage').notNull().default(''),
    callId: text('call_id'),
    supportLine: text('support_line').notNull(),
    budgetLine: text('budget_line').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    state: text('state', { enum: APPLICATION_STATES }).notNull().default('draft'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('applications_one_per_support').on(t.groupId, t.programmeKey, t.stage, t.supportLine),
    index('applications_programme_state').on(t.programmeKey, t.state),
    check('applications_state', inList('state', APPLICATION_STATES)),
    check('applications_amount', sql`${t.amountMinor} > 0`),
  ],
);

/** Every state change of an application, in order. */
export const applicationEvents = sqliteTable(
  'application_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    at: text('at').notNull().default(now),
  },
  (t) => [index('application_events_application').on(t.applicationId)],
);

/**
 * Commitments against a programme's budget line. One per approved application; the insert that
 * creates it checks the line's remaining amount in the same statement (see repositories/applications.ts).
 */
export const budgetLedger = sqliteTable(
  'budget_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    programmeKey: text('programme_key').notNull(),
    budgetLine: text('budget_line').notNull(),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    at: text('at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('budget_ledger_application').on(t.applicationId),
    index('budget_ledger_line').on(t.programmeKey, t.budgetLine),
    check('budget_ledger_amount', sql`${t.amountMinor} > 0`),
  ],
);

export const IDEMPOTENCY_STATES = ['pending', 'done'] as const;

/**
 * Responses to POSTs that create, replayed for a repeated Idempotency-Key. The first request with a
 * key inserts its row as 'pending' before doing the work (the unique key lets only one in), and
 * stores its response as 'done'; `at` is when the row was reserved.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    apiKeyId: text('api_key_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    /** The response's status and body; placeholders (0, '') while pending. */
    status: integer('status').notNull(),
    body: text('body').notNull(),
    at: text('at').notNull().default(now),
    /** The default 'done' is for the rows stored before reservations existed: they all have a response. */
    state: text('state', { enum: IDEMPOTENCY_STATES }).notNull().default('done'),
  },
  (t) => [uniqueIndex('idempotency_keys_pk').on(t.apiKeyId, t.key)],
);

/** Who did what, when. Append-only: triggers in the migrations refuse updates and deletes. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull().default(now),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    detail: text('detail', { mode: 'json' }),
  },
  (t) => [index('audit_log_entity').on(t.entity, t.entityId)],
);
