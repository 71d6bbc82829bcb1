import { latinSpacingRules } from './latin.js';
import type { TypographyRule } from './fr.js';

/** Portuguese: « » and “ ” stay as the engine wrote them; spacing per common usage. */
export const PORTUGUESE_RULES: readonly TypographyRule[] = latinSpacingRules(
  'Cunha & Cintra, Nova Gramática do Português Contemporâneo, cap. 20 (pontuação): sem espaço antes dos sinais de pontuação',
);
