import { describe, expect, it } from 'vitest';
import { testApp } from './api-helpers';
import { keepsRecordsOfPublicMoney } from './api-scenarios';

/**
 * Records of public money are never deleted: applications past draft, their history, budget
 * commitments and the audit log (the scenario also runs on sqld and D1).
 */
describe('deleting a group', () => {
  it('goes with nothing or only drafts, and is refused (409, saying why) with an application submitted, waitlisted, rejected or approved', async () => {
    const t = await testApp();
    const { deleted, kept } = await keepsRecordsOfPublicMoney(t.request);
    const rows = async (sql: string, ...args: string[]) => (await t.client.execute({ sql, args })).rows;

    // The audit log keeps what it said about the deleted group and its draft, and says who deleted it.
    const audit = (entity: string, id: string) =>
      rows('select action, detail from audit_log where entity = ? and entity_id = ? order by id', entity, id);
    expect((await audit('group', deleted.empty)).map((r) => r.action)).toEqual(['create', 'delete']);
    const withDraft = await audit('group', deleted.withDraft);
    expect(withDraft.map((r) => r.action)).toEqual(['create', 'delete']);
    expect(JSON.parse(String(withDraft[1]?.detail))).toEqual({ draftApplications: [deleted.draft] });
    expect((await audit('application', deleted.draft)).map((r) => r.action)).toEqual(['create']);
    // The draft went with its group, history included.
    expect(await rows('select id from application_events where application_id = ?', deleted.draft)).toEqual(
      [],
    );

    // Past draft, the database itself refuses, whatever the route: the application, the group's
    // cascade, and the budget commitment.
    const submitted = kept.submitted?.application as string;
    await expect(
      t.client.execute({ sql: 'delete from applications where id = ?', args: [submitted] }),
    ).rejects.toThrow(/applications past draft are kept/);
    await expect(
      t.client.execute({ sql: 'delete from groups where id = ?', args: [kept.approved?.group as string] }),
    ).rejects.toThrow(/are kept|FOREIGN KEY/);
    await expect(t.client.execute('delete from budget_ledger')).rejects.toThrow(/append-only/);
    expect(await rows('select application_id from budget_ledger')).toEqual([
      expect.objectContaining({ application_id: kept.approved?.application }),
    ]);
    expect((await rows('select id from application_events where application_id = ?', submitted)).length).toBe(
      2,
    );
  });
});
