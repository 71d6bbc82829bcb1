import { describeBenchmarkShard } from '../support/extraction-corpus.js';

// Half of the shared benchmark pages; benchmark-pages-2.test.ts has the other half, in parallel.
describeBenchmarkShard(0, 2);
