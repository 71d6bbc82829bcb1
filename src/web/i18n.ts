// The public site's words, per target language. French and English are complete; any other
// language reads the English words but keeps its own `lang`, `dir`, dates and language names.

/** An instant in the site's language and time zone: its long date, its hour and minute (24 h), and its time as the language writes it. */
export interface UpdateMoment {
  date: string;
  hour: string;
  minute: string;
  time: string;
}

/** The words of the public site in one language. */
export interface SiteStrings {
  /** The language these words are written in (names of languages inside them use it too). */
  locale: string;
  /** Path segments: each language can name its own URLs. */
  paths: { category: string; article: string };
  /** The first link of every page, for keyboard and screen-reader users: straight to the content. */
  skipToContent: string;
  home: string;
  latest: string;
  categories: string;
  /** Label before the source's name, with the language's own spacing ("Source\u00a0:"). */
  sourceLabel: string;
  readOriginal: string;
  /** Label before the other sources of the same story, with the language's own spacing. */
  alsoReportedBy: string;
  related: string;
  backToTop: string;
  nextPage: string;
  previousPage: string;
  pageNumber: (page: number) => string;
  byline: (author: string) => string;
  /** When the article last followed a correction at its source. */
  updated: (moment: UpdateMoment) => string;
  noArticles: string;
  notFoundTitle: string;
  notFoundText: string;
  /** The page of an article that was taken down (410 Gone). */
  goneTitle: string;
  goneText: string;
  backHome: string;
  serverErrorTitle: string;
  serverErrorText: string;
  feed: string;
  categoryFeed: (category: string) => string;
  /** The automatic-translation notice; `sourceLanguage` is a name in this language, when known. */
  notice: (sourceLanguage: string | undefined) => string;
}

const french: SiteStrings = {
  locale: 'fr',
  paths: { category: 'rubrique', article: 'article' },
  skipToContent: 'Aller au contenu',
  home: 'Accueil',
  latest: 'Dernières nouvelles',
  categories: 'Rubriques',
  // French typography: a no-break space before the colon (Lexique des règles typographiques).
  sourceLabel: 'Source\u00a0:',
  readOriginal: 'Lire l’article original',
  alsoReportedBy: 'Aussi rapporté par\u00a0:',
  related: 'Articles liés',
  backToTop: 'Retour en haut',
  nextPage: 'Page suivante',
  previousPage: 'Page précédente',
  pageNumber: (page) => `Page ${page}`,
  byline: (author) => `Par ${author}`,
  // French typography writes times "14 h 05", with no-break spaces.
  updated: ({ date, hour, minute }) => `Mis à jour le ${date} à ${hour}\u00a0h\u00a0${minute}`,
  noArticles: 'Aucun article pour l’instant.',
  notFoundTitle: 'Page introuvable',
  notFoundText: 'La page demandée n’existe pas ou n’existe plus.',
  goneTitle: 'Article retiré',
  goneText: 'Cet article a été retiré de la publication.',
  backHome: 'Retour à l’accueil',
  serverErrorTitle: 'Erreur du serveur',
  serverErrorText: 'La page n’a pas pu être affichée. Réessayez dans un instant.',
  feed: 'Flux RSS',
  categoryFeed: (category) => `Flux RSS de la rubrique ${category}`,
  notice: (sourceLanguage) =>
    `Cet article a été traduit automatiquement${sourceLanguage ? ` ${frenchFrom(sourceLanguage)}` : ''}. ` +
    'Ce site relaie et traduit l’actualité automatiquement, sans intervention d’un rédacteur humain.',
};

const english: SiteStrings = {
  locale: 'en',
  paths: { category: 'category', article: 'article' },
  skipToContent: 'Skip to content',
  home: 'Home',
  latest: 'Latest news',
  categories: 'Sections',
  sourceLabel: 'Source:',
  readOriginal: 'Read the original article',
  alsoReportedBy: 'Also reported by:',
  related: 'Related stories',
  backToTop: 'Back to top',
  nextPage: 'Next page',
  previousPage: 'Previous page',
  pageNumber: (page) => `Page ${page}`,
  byline: (author) => `By ${author}`,
  updated: ({ date, time }) => `Updated ${date} at ${time}`,
  noArticles: 'No articles yet.',
  notFoundTitle: 'Page not found',
  notFoundText: 'The page you asked for does not exist, or no longer does.',
  goneTitle: 'Article removed',
  goneText: 'This article has been taken down.',
  backHome: 'Back to the home page',
  serverErrorTitle: 'Server error',
  serverErrorText: 'The page could not be shown. Please try again in a moment.',
  feed: 'RSS feed',
  categoryFeed: (category) => `RSS feed of ${category}`,
  notice: (sourceLanguage) =>
    `This article was translated automatically${sourceLanguage ? ` from ${sourceLanguage}` : ''}. ` +
    'This site relays and translates news automatically, without a human editor.',
};

const stringsByLanguage: Readonly<Record<string, SiteStrings>> = { fr: french, en: english };

// Scripts written right to left (Unicode CLDR); checked by primary language subtag.
const rightToLeftLanguages: ReadonlySet<string> = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** Returns the site's words for a language tag, falling back to English. */
export function selectStrings(language: string): SiteStrings {
  return stringsByLanguage[primarySubtag(language)] ?? english;
}

/** Returns the writing direction of a language tag. */
export function textDirection(language: string): 'ltr' | 'rtl' {
  return rightToLeftLanguages.has(primarySubtag(language)) ? 'rtl' : 'ltr';
}

/** Names a language (`en`) in the reader's language (`anglais`); undefined when unknown. */
export function nameLanguage(code: string, inLanguage: string): string | undefined {
  if (!code || code === 'und') return undefined;
  try {
    const name = new Intl.DisplayNames([inLanguage], { type: 'language', fallback: 'none' }).of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The default automatic-translation notice of a site in `language` for an original in `sourceLanguage`. */
export function describeTranslationNotice(language: string, sourceLanguage: string): string {
  const strings = selectStrings(language);
  // Named in the words' language: a site falling back to English says "from English", not "from Englisch".
  return strings.notice(nameLanguage(sourceLanguage, strings.locale));
}

function primarySubtag(language: string): string {
  return language.toLowerCase().split(/[-_]/)[0] ?? '';
}

// French elides "de le" before a vowel ("de l’anglais") and contracts it otherwise ("du russe").
function frenchFrom(languageName: string): string {
  return /^[aeiouyàâéèêëîïôûh]/i.test(languageName) && !/^h(a|o)/i.test(languageName)
    ? `de l’${languageName}`
    : `du ${languageName}`;
}

/** The words of the admin area in one language. */
export interface AdminStrings {
  locale: string;
  admin: string;
  dashboard: string;
  campaigns: string;
  stories: string;
  engines: string;
  audit: string;
  signIn: string;
  signOut: string;
  user: string;
  password: string;
  wrongCredentials: string;
  tooManyAttempts: (minutes: number) => string;
  sessionExpired: string;
  formExpired: string;
  campaign: string;
  state: string;
  states: Readonly<Record<string, string>>;
  total: string;
  lastPoll: string;
  lastStoryChange: string;
  recentFailures: string;
  engineProblems: string;
  none: string;
  sources: string;
  source: string;
  lastFetch: string;
  lastError: string;
  nextPoll: string;
  paused: string;
  addSource: string;
  feedUrl: string;
  pause: string;
  resume: string;
  remove: string;
  title: string;
  reason: string;
  updated: string;
  actions: string;
  all: string;
  publicPage: string;
  original: string;
  actionNames: Readonly<Record<'publish' | 'reject' | 'retry' | 'retranslate' | 'unpublish' | 'delete', string>>;
  /** The notice after an action on a story succeeded. */
  actionDone: Readonly<Record<'publish' | 'reject' | 'retry' | 'retranslate' | 'unpublish' | 'delete', string>>;
  engine: string;
  day: string;
  characters: string;
  requests: string;
  memory: string;
  memoryHitRate: string;
  entries: string;
  when: string;
  who: string;
  what: string;
  story: string;
  detail: string;
  notFound: string;
  segments: string;
  revisions: string;
  revisionNumber: (n: number) => string;
  sourceText: string;
  translationText: string;
  save: string;
  segmentSaved: string;
  humanTranslation: string;
}

const frenchAdmin: AdminStrings = {
  locale: 'fr',
  admin: 'Administration',
  dashboard: 'Tableau de bord',
  campaigns: 'Campagnes et sources',
  stories: 'Articles',
  engines: 'Moteurs de traduction',
  audit: 'Journal des actions',
  signIn: 'Se connecter',
  signOut: 'Se déconnecter',
  user: 'Utilisateur',
  password: 'Mot de passe',
  wrongCredentials: 'Utilisateur ou mot de passe incorrect.',
  tooManyAttempts: (minutes) => `Trop de tentatives de connexion. Réessayez dans ${minutes}\u00a0minutes.`,
  sessionExpired: 'Votre session a expiré. Connectez-vous de nouveau.',
  formExpired: 'Ce formulaire a expiré. Rechargez la page et recommencez.',
  campaign: 'Campagne',
  state: 'État',
  states: { discovered: 'découverts', fetched: 'récupérés', extracted: 'extraits', translated: 'traduits', published: 'publiés', skipped: 'écartés', failed: 'en échec', held: 'en attente', unpublished: 'dépubliés' },
  total: 'Total',
  lastPoll: 'Dernière relève des sources',
  lastStoryChange: 'Dernier changement d’un article',
  recentFailures: 'Échecs récents',
  engineProblems: 'Problèmes des moteurs',
  none: 'Aucun',
  sources: 'Sources',
  source: 'Source',
  lastFetch: 'Dernière relève',
  lastError: 'Dernière erreur',
  nextPoll: 'Prochaine relève',
  paused: 'En pause',
  addSource: 'Ajouter une source',
  feedUrl: 'Adresse du flux ou de la page',
  pause: 'Mettre en pause',
  resume: 'Reprendre',
  remove: 'Retirer',
  title: 'Titre',
  reason: 'Motif',
  updated: 'Modifié',
  actions: 'Actions',
  all: 'Tous',
  publicPage: 'Page publique',
  original: 'Article original',
  actionNames: { publish: 'Publier', reject: 'Rejeter', retry: 'Réessayer', retranslate: 'Retraduire', unpublish: 'Dépublier', delete: 'Supprimer' },
  actionDone: {
    publish: 'Article validé : il sera publié au prochain passage.',
    reject: 'Article rejeté : il ne sera pas publié.',
    retry: 'Article remis en file : il sera retenté au prochain passage.',
    retranslate: 'Article remis en file pour être traduit de nouveau.',
    unpublish: 'Article dépublié : sa page répond désormais 410 Gone.',
    delete: 'Article supprimé.',
  },
  engine: 'Moteur',
  day: 'Jour',
  characters: 'Caractères envoyés',
  requests: 'Requêtes',
  memory: 'Mémoire de traduction',
  memoryHitRate: 'Taux de réutilisation',
  entries: 'Entrées',
  when: 'Quand',
  who: 'Qui',
  what: 'Quoi',
  story: 'Article',
  detail: 'Détail',
  notFound: 'Introuvable.',
  segments: 'Phrases',
  revisions: 'Versions de la source',
  revisionNumber: (n) => `Version ${n}`,
  sourceText: 'Original',
  translationText: 'Traduction',
  save: 'Enregistrer',
  segmentSaved: 'Traduction enregistrée : elle servira désormais à chaque occurrence de cette phrase.',
  humanTranslation: '(traduction humaine)',
};

const englishAdmin: AdminStrings = {
  locale: 'en',
  admin: 'Admin',
  dashboard: 'Dashboard',
  campaigns: 'Campaigns and sources',
  stories: 'Stories',
  engines: 'Translation engines',
  audit: 'Audit log',
  signIn: 'Sign in',
  signOut: 'Sign out',
  user: 'User',
  password: 'Password',
  wrongCredentials: 'Wrong user or password.',
  tooManyAttempts: (minutes) => `Too many sign-in attempts. Try again in ${minutes} minutes.`,
  sessionExpired: 'Your session has expired. Please sign in again.',
  formExpired: 'This form has expired. Reload the page and try again.',
  campaign: 'Campaign',
  state: 'State',
  states: { discovered: 'discovered', fetched: 'fetched', extracted: 'extracted', translated: 'translated', published: 'published', skipped: 'skipped', failed: 'failed', held: 'held', unpublished: 'unpublished' },
  total: 'Total',
  lastPoll: 'Last poll of a source',
  lastStoryChange: 'Last change to a story',
  recentFailures: 'Recent failures',
  engineProblems: 'Engine problems',
  none: 'None',
  sources: 'Sources',
  source: 'Source',
  lastFetch: 'Last fetch',
  lastError: 'Last error',
  nextPoll: 'Next poll',
  paused: 'Paused',
  addSource: 'Add a source',
  feedUrl: 'Feed or page URL',
  pause: 'Pause',
  resume: 'Resume',
  remove: 'Remove',
  title: 'Title',
  reason: 'Reason',
  updated: 'Updated',
  actions: 'Actions',
  all: 'All',
  publicPage: 'Public page',
  original: 'Original article',
  actionNames: { publish: 'Publish', reject: 'Reject', retry: 'Retry', retranslate: 'Translate again', unpublish: 'Unpublish', delete: 'Delete' },
  actionDone: {
    publish: 'Story released: it is published on the next pass.',
    reject: 'Story rejected: it will not be published.',
    retry: 'Story queued: it is tried again on the next pass.',
    retranslate: 'Story queued to be translated again.',
    unpublish: 'Story unpublished: its page now answers 410 Gone.',
    delete: 'Story deleted.',
  },
  engine: 'Engine',
  day: 'Day',
  characters: 'Characters sent',
  requests: 'Requests',
  memory: 'Translation memory',
  memoryHitRate: 'Hit rate',
  entries: 'Entries',
  when: 'When',
  who: 'Who',
  what: 'What',
  story: 'Story',
  detail: 'Detail',
  notFound: 'Not found.',
  segments: 'Sentences',
  revisions: 'Versions of the source',
  revisionNumber: (n) => `Version ${n}`,
  sourceText: 'Original',
  translationText: 'Translation',
  save: 'Save',
  segmentSaved: 'Translation saved: it is used for this sentence from now on.',
  humanTranslation: '(human translation)',
};

const adminStringsByLanguage: Readonly<Record<string, AdminStrings>> = { fr: frenchAdmin, en: englishAdmin };

/** Returns the admin area's words for the site's language, falling back to English. */
export function selectAdminStrings(language: string): AdminStrings {
  return adminStringsByLanguage[primarySubtag(language)] ?? englishAdmin;
}
