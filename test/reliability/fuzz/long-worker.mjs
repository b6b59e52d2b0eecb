// Worker entry of `npm run fuzz:long`: register tsx (Node 20 ignores --import for a worker's entry), then run cases.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./long-worker.ts', import.meta.url).href);
