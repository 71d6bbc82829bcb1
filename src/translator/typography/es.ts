import { latinSpacingRules } from './latin.js';
import type { TypographyRule } from './fr.js';

/** Spanish: ¿ ¡ and « » stay as the engine wrote them; spacing per the RAE. */
export const SPANISH_RULES: readonly TypographyRule[] = latinSpacingRules(
  'RAE, Ortografía de la lengua española (2010), cap. III, 3.4: los signos de puntuación se escriben pegados a la palabra que los precede',
);
