// Loads the extraction worker from its TypeScript source, for a pipeline run from the sources
// (tests, `tsx`): a worker thread does not inherit the parent's tsx loader, and on Node 20 an
// `--import tsx` in a worker's execArgv does not register it either. The compiled pipeline (dist/)
// loads extract-worker.js directly and never needs this file.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./extract-worker.ts', import.meta.url);

export default worker.default;
