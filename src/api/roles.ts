import type { Role } from '../db/schema';

/** Roles shared by the API routes and the pages in front of them, so both allow the same keys. */

/** Match a group: POST /v1/match, /v1/match/batch, GET /v1/groups/{id}/matches, and the case-worker page. */
export const MATCH_ROLES: readonly Role[] = ['admin', 'case_worker', 'service'];
/** The coordination graph: GET /v1/graph* and the committee page. */
export const GRAPH_ROLES: readonly Role[] = ['admin', 'committee'];
