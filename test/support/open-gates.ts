/**
 * Quality gates that let any translation through, for tests about something else: the loopback
 * fakes, the identity engine and the tiny model write text the real gates would rightly hold.
 */
export const OPEN_GATES = { check_language: false, max_untranslated_share: 1, min_length_ratio: 0.01, max_length_ratio: 1000, max_repetition: 10_000 };

/** The campaign the CLI tests run over the fixture news site, translated by LibreTranslate's loopback fake. */
export function fixtureNewsCampaign(newsBaseUrl: string) {
  return { id: 'world', sources: [`${newsBaseUrl}/feed.xml`], to: 'fr', category: 'Monde', engine: 'libretranslate', quality: OPEN_GATES };
}
