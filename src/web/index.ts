export { createSiteApp, type SiteAppOptions, type SiteOptions } from './app.js';
export { describeTranslationNotice, nameLanguage, selectStrings, textDirection, type SiteStrings } from './i18n.js';
export { createAdminApp, type AdminAppOptions } from './admin.js';
