// Entry of an analysis worker thread. A worker does not inherit the loader hooks of the
// thread that starts it (neither vitest's nor bin/grogne.js's), and `--import tsx` in its
// execArgv is not honoured everywhere: registering tsx here works under both.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-worker.ts');
