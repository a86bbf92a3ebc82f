import { computeLayout, type LayoutInput } from './layout';

/** The layout's web worker: the page posts the graph and the width, and gets the positions back. */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutInput>) => void) | null;
  postMessage: (message: unknown) => void;
};
scope.onmessage = (event) => {
  try {
    scope.postMessage({ ok: true, layout: computeLayout(event.data) });
  } catch (error) {
    scope.postMessage({ ok: false, error: (error as Error).message });
  }
};
