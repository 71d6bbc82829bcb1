import { describeBenchmarkShard } from '../support/extraction-corpus.js';

// Half of the shared benchmark pages; benchmark-pages-1.test.ts has the other half, in parallel.
describeBenchmarkShard(1, 2);
