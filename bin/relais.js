#!/usr/bin/env node
// Plain `node`: pages are extracted in worker threads with V8's default young generation
// (docs/decisions.md says why no `--max-semi-space-size` any more). The shebang stays plain for
// portability (BusyBox's env has no -S).
import { main } from '../dist/cli/main.js';

await main(process.argv);
