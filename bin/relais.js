#!/usr/bin/env -S node --max-semi-space-size=64
// A larger young generation (64 MB semi-spaces instead of 16) lets V8 collect the short-lived DOM
// nodes of each page in far fewer scavenges: extraction runs about a quarter faster
// (docs/decisions.md). `npm start` and the benches pass the same flag.
import { main } from '../dist/cli/main.js';

await main(process.argv);
