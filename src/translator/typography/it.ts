import { latinSpacingRules } from './latin.js';
import type { TypographyRule } from './fr.js';

/** Italian: « » and “ ” stay as the engine wrote them; spacing per Serianni. */
export const ITALIAN_RULES: readonly TypographyRule[] = latinSpacingRules(
  'Serianni, Grammatica italiana, I.200 sgg. (punteggiatura): nessuno spazio prima dei segni di interpunzione',
);
