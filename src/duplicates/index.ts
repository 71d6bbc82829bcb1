export {
  BANDS,
  SHINGLE_WORDS,
  SIGNATURE_LENGTH,
  comparableWords,
  decodeSignature,
  encodeSignature,
  estimateSimilarity,
  fingerprintText,
  type StoryFingerprint,
} from './fingerprint.js';
