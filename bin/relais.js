#!/usr/bin/env node
// `npm start` and `npm run relais` run this with `--max-semi-space-size=64`: a larger young
// generation collects each page's short-lived DOM in fewer scavenges (docs/decisions.md). The
// shebang stays plain for portability (BusyBox's env has no -S); set NODE_OPTIONS to get the same.
import { main } from '../dist/cli/main.js';

await main(process.argv);
