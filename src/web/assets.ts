/** Files the pages serve that are built, not written: injected into createApp like the docs assets. */
export interface WebAssets {
  /** The committee page's script: sigma, graphology and src/web/client, bundled for the browser. */
  'committee.js': string;
  /** The layout's web worker, which the committee page's script starts. */
  'layout.js'?: string;
  /** A hash of the bundle, put in its URL so browsers cache each build for good. */
  version: string;
}
