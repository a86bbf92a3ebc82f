// Worker threads do not inherit the TypeScript loader (tsx) of the thread that starts them.
import { register } from 'tsx/esm/api';

register();
await import('./population-worker.ts');
