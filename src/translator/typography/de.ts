import { latinSpacingRules } from './latin.js';
import type { TypographyRule } from './fr.js';

/** German: „ “ and ‚ ‘ stay as the engine wrote them; spacing per DIN 5008. */
export const GERMAN_RULES: readonly TypographyRule[] = latinSpacingRules(
  'DIN 5008, Satzzeichen: Satzzeichen folgen ohne Leerzeichen dem vorangehenden Wort',
);
