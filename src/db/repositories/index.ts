/** The database's repositories, one module per entity; `import * as repo from '../db/repositories'` reads them all. */
export * from './applications';
export * from './audit';
export * from './cases';
export * from './groups';
export * from './idempotency';
export * from './keys';
