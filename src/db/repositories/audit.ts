import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../database';
import { auditLog } from '../schema';

export async function auditEntries(db: Database, entity: string, entityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id));
}
