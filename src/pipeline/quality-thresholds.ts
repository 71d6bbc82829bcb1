import type { CampaignConfig, Config } from '../config/index.js';
import type { QualityThresholds } from '../translator/index.js';

/** The quality thresholds of a campaign: the top-level `quality` with the campaign's overrides, when there is a campaign. */
export function resolveQualityThresholds(quality: Config['quality'], campaign?: Pick<CampaignConfig, 'quality'>): QualityThresholds {
  const merged = { ...quality, ...campaign?.quality };
  return {
    checkLanguage: merged.check_language,
    maxUntranslatedShare: merged.max_untranslated_share,
    minLengthRatio: merged.min_length_ratio,
    maxLengthRatio: merged.max_length_ratio,
    maxRepetition: merged.max_repetition,
  };
}
