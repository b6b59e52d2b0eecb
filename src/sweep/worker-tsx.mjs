// Entry of a sweep worker thread when fleetsim runs from its TypeScript sources (tests, `tsx`):
// Node 20 does not apply `--import tsx` to a worker's entry, so register tsx here, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker.ts', import.meta.url).href);
