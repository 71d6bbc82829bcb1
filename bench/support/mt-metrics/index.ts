// Translation quality metrics computed the sacrebleu way, so figures compare with published ones.

export { computeBleu, computeCorpusBleu } from './bleu.js';
export type { BleuOptions, BleuScore, BleuSmoothing, BleuStatistics } from './bleu.js';
export { computeChrfFromStatistics, computeCorpusChrf } from './chrf.js';
export type { ChrfOptions, ChrfScore } from './chrf.js';
export { tokenize13a } from './tokenize-13a.js';
