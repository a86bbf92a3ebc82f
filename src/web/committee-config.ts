/** What the committee page hands its script (JSON in the page): the query, the API URLs and the words. */
export interface CommitteeConfig {
  lang: 'es' | 'en';
  asOf: string;
  population: 'synthetic' | 'stored' | 'none';
  filters: { level: string; country: string; agency: string };
  /** Same-origin API URLs; the browser sends the sign-in cookie with them. */
  api: { graph: string; flags: string; overlaps?: string };
  text: Record<string, string>;
  /** The layout worker's script (src/web/client/layout-worker.ts, bundled). */
  layoutWorker: string;
  /** Names of the places the map shows: states and Mexico City's boroughs, by INEGI code. */
  places?: Record<string, string>;
}
