CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`role` text NOT NULL,
	`label` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text,
	CONSTRAINT "api_keys_role" CHECK(role in ('admin', 'case_worker', 'committee', 'service'))
);
--> statement-breakpoint
CREATE TABLE `application_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`actor` text NOT NULL,
	`note` text,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `application_events_application` ON `application_events` (`application_id`);--> statement-breakpoint
CREATE TABLE `applications` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL,
	`programme` text NOT NULL,
	`programme_key` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`as_of` text NOT NULL,
	`stage` text DEFAULT '' NOT NULL,
	`call_id` text,
	`support_line` text NOT NULL,
	`budget_line` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "applications_state" CHECK(state in ('draft', 'submitted', 'approved', 'rejected', 'waitlisted')),
	CONSTRAINT "applications_amount" CHECK("applications"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_one_per_support` ON `applications` (`group_id`,`programme_key`,`stage`,`support_line`);--> statement-breakpoint
CREATE INDEX `applications_programme_state` ON `applications` (`programme_key`,`state`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `budget_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_key` text NOT NULL,
	`budget_line` text NOT NULL,
	`application_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "budget_ledger_amount" CHECK("budget_ledger"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `budget_ledger_application` ON `budget_ledger` (`application_id`);--> statement-breakpoint
CREATE INDEX `budget_ledger_line` ON `budget_ledger` (`programme_key`,`budget_line`);--> statement-breakpoint
CREATE TABLE `enrolments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` text NOT NULL,
	`programme` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`stage` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`application_id` text,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "enrolments_status" CHECK(status in ('current', 'completed', 'waitlisted', 'rejected', 'withdrawn')),
	CONSTRAINT "enrolments_year" CHECK("enrolments"."fiscal_year" between 1990 and 2100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrolments_unique` ON `enrolments` (`group_id`,`programme`,`fiscal_year`,`stage`);--> statement-breakpoint
CREATE INDEX `enrolments_programme_year` ON `enrolments` (`programme`,`fiscal_year`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`data` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`api_key_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`body` text NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_keys_pk` ON `idempotency_keys` (`api_key_id`,`key`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` text NOT NULL,
	`position` integer NOT NULL,
	`data` text NOT NULL,
	`personal_id_hash` text,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "members_position" CHECK("members"."position" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_group_position` ON `members` (`group_id`,`position`);--> statement-breakpoint
CREATE INDEX `members_personal_id_hash` ON `members` (`personal_id_hash`);