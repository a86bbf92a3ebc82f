-- Records of public money are kept: an application past draft (with its history, which cascades
-- only from it) and a budget commitment are never deleted, whatever deletes them (a group's cascade
-- included). Drafts go with their group.
CREATE TRIGGER `applications_keep_past_draft` BEFORE DELETE ON `applications`
WHEN OLD.`state` <> 'draft'
BEGIN
  SELECT RAISE(ABORT, 'applications past draft are kept: records of public money are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `budget_ledger_no_delete` BEFORE DELETE ON `budget_ledger`
BEGIN
  SELECT RAISE(ABORT, 'budget_ledger is append-only: commitments are never deleted');
END;
