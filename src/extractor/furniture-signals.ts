import { isNamed, listElements, readText } from './dom.js';
import type { DomElement } from './dom.js';

// Words that news templates put in the class, id or component name of page furniture: players,
// recirculation, newsletters, promotions, ads, share bars. Matched as whole tokens of the name.
const FURNITURE_TOKENS = new Set([
  'video', 'videos', 'player', 'videoplayer', 'jwplayer', 'brightcove', 'related', 'recirc',
  'recirculation', 'recommended', 'recommendations', 'newsletter', 'newsletters', 'promo', 'promos',
  'promotion', 'sponsored', 'sponsor', 'advert', 'advertisement', 'advertising', 'ad', 'ads',
  'adslot', 'adunit', 'dfp', 'taboola', 'outbrain', 'share', 'sharing', 'sharebar', 'social',
  'subscribe', 'subscription', 'signup', 'trending', 'readmore', 'teaser', 'teasers', 'upsell',
]);

// Multi-word names, matched on the dash-joined tokens.
const FURNITURE_PHRASES = [
  'read-more', 'more-from', 'more-stories', 'more-on', 'most-read', 'most-popular', 'sign-up',
  'also-read', 'see-also', 'you-may-like', 'more-like-this', 'ad-feedback',
].map((phrase) => `-${phrase}-`);

// Attributes that carry a component's name in component-based templates.
const NAME_ATTRIBUTES = ['class', 'id', 'data-component-name', 'data-component', 'data-module', 'data-type', 'data-testid'];

// One-line labels that mark an ad slot or a promotion rather than article text, in English, then
// French, Spanish and German ("Publicité", "Publicidad", "Anzeige").
const BOILERPLATE_LINE = new RegExp(
  [
    String.raw`ad feedback|advertisement|advertisements|ad|sponsored( content)?|story continues below( this)? advertisement|article continues below( this)? (ad|advertisement)|continue reading (below|the main story)|skip advertisement|scroll to continue( with content)?|content continues below|paid content|partner content`,
    String.raw`publicité|publicites?|contenu (sponsorisé|partenaire)|la suite (de l['’]article )?après (cette )?(publicité|la publicité)`,
    String.raw`publicidad|anuncio|contenido (patrocinado|de marca)|sigue leyendo (tras|después de) la publicidad`,
    String.raw`anzeige|werbung|gesponsert|sponsored post|weiter nach der (anzeige|werbung)|artikel wird nach der anzeige fortgesetzt`,
  ]
    .map((words) => `^(${words})$`)
    .join('|'),
  'iu',
);

// A block that is one link whose words announce another story.
// French, Spanish and German forms follow the English ones ("Lire aussi", "Lea también", "Lesen Sie auch").
const TEASER_START = new RegExp(
  `^(${[
    String.raw`related( article| articles| content| stories| story| coverage| video| link)?|read more|read also|also read|more from|more on|see also|see|watch|listen|look|opinion|analysis|video|photos|gallery|live updates|sign up|subscribe|click here|don['’]t miss|recommended|exclusive|explainer|from our partners`,
    String.raw`(à )?lire aussi|lire la suite|(à )?voir aussi|en savoir plus|sur le même sujet|à lire|à voir|regardez|vidéo|diaporama`,
    String.raw`lea también|lee también|leer más|ver también|te puede interesar|le puede interesar|relacionad[oa]s?|mira|vídeo|galería`,
    String.raw`lesen sie auch|lesen sie mehr|auch interessant|mehr zum thema|weiterlesen|siehe auch|das könnte sie auch interessieren|bildergalerie`,
  ].join('|')})(?![\\p{L}\\p{N}])`,
  'iu',
);

// Newsroom slug words that end a video's internal name ("Putin Xi Jinping vpx",
// "drone attack ukraine lon orig jm"): no reader-facing caption contains them.
const SLUG_WORDS = new Set([
  'vpx', 'vrtc', 'orig', 'pkg', 'sot', 'intv', 'ctn', 'cnni', 'hln', 'nr', 'tsr', 'ebof', 'contd',
  'vid', 'cnnmoney', 'newday', 'nd', 'ac360', 'ctw', 'sitroom', 'jm', 'lon', 'mxp', 'ldn', 'gr', 'vrtv',
]);

/** Splits a class, id or component name into lower-case tokens ("videoResource__link" → video, resource, link). */
export function tokenizeName(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/gu, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/u)
    .filter(Boolean);
}

/** Tells whether a class, id or component name is one that page furniture goes by. */
export function isFurnitureName(value: string): boolean {
  const tokens = tokenizeName(value);
  if (tokens.some((token) => FURNITURE_TOKENS.has(token))) return true;
  const joined = `-${tokens.join('-')}-`;
  return FURNITURE_PHRASES.some((phrase) => joined.includes(phrase));
}

/**
 * Tells whether an element's class, id or component name says it is page furniture. Pass one
 * `seen` map per page: templates repeat the same class strings hundreds of times.
 */
export function hasFurnitureName(element: DomElement, seen: Map<string, boolean> = new Map()): boolean {
  return isFurnitureByNames(element, element.getAttributeNames(), seen);
}

/**
 * Tells whether an element is named page furniture: it has one of the name attributes (even an
 * empty one: the selector `[class], [id], …` that picks the elements worth reading) and
 * `hasFurnitureName` holds. One read of the attribute names serves both.
 */
export function isNamedFurniture(element: DomElement, seen: Map<string, boolean>): boolean {
  const names = element.getAttributeNames();
  return NAME_ATTRIBUTES.some((name) => names.includes(name)) && isFurnitureByNames(element, names, seen);
}

function isFurnitureByNames(element: DomElement, names: readonly string[], seen: Map<string, boolean>): boolean {
  for (const attribute of NAME_ATTRIBUTES) {
    // Without the attribute getAttribute gives null, or '' for class: skipped either way.
    if (!names.includes(attribute)) continue;
    const value = element.getAttribute(attribute);
    if (value === null || value === '') continue;
    let isFurniture = seen.get(value);
    if (isFurniture === undefined) {
      isFurniture = isFurnitureName(value);
      seen.set(value, isFurniture);
    }
    if (isFurniture) return true;
  }
  return names.some((name) => name.startsWith('data-ad-'));
}

/** Tells whether a short text is an ad label or promotion line. */
export function isBoilerplateLine(text: string): boolean {
  return text.length <= 60 && BOILERPLATE_LINE.test(text);
}

/** Tells whether a short text reads like a newsroom video slug rather than a caption. */
export function isSlugCaption(text: string): boolean {
  const words = text.split(/\s+/u).filter(Boolean);
  if (words.length < 2 || words.length > 12 || /[.!?:;,"“”]/u.test(text)) return false;
  const last = words.slice(-3).map((word) => word.toLowerCase());
  return last.some((word) => SLUG_WORDS.has(word)) && words.some((word) => word === word.toLowerCase());
}

/** Returns the share of an element's text that sits inside links (0 when it has no text). */
export function measureLinkDensity(element: DomElement, text = readText(element)): number {
  if (text.length === 0) return 0;
  let linked = 0;
  for (const link of listLinks(element)) linked += readText(link).length;
  return Math.min(1, linked / text.length);
}

/** Tells whether a block is a single link (nearly all of its text is one link's text). */
export function isSingleLinkBlock(element: DomElement): boolean {
  const links = listLinks(element);
  const link = links[0];
  if (links.length !== 1 || link === undefined) return false;
  const text = readText(element);
  return text !== '' && readText(link).length >= 0.9 * text.length;
}

/** Tells whether a block is a single link whose words announce another story ("Related article …"). */
export function isTeaserBlock(element: DomElement): boolean {
  const links = listLinks(element);
  const link = links[0];
  if (links.length !== 1 || link === undefined) return false;
  const text = readText(element);
  if (!TEASER_START.test(text.replace(/^[^\p{L}]+/u, ''))) return false;
  const linkText = readText(link);
  if (linkText.length >= 0.9 * text.length) return true;
  // "Related: <a>…</a>": the words outside the link are only the teaser's label.
  const label = text.replace(linkText, '').replace(/[^\p{L}\s']+/gu, ' ').trim();
  return label.split(/\s+/u).length <= 3 && TEASER_START.test(label);
}

// querySelectorAll('a') without compiling the selector again for every block.
function listLinks(element: DomElement): DomElement[] {
  return listElements(element).filter((inner) => isNamed(inner, 'a'));
}
