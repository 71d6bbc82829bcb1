export { createAdminApp, type AdminAppOptions } from './admin.js';
export { describeTranslationNotice, nameLanguage, selectStrings, textDirection, type SiteStrings } from './i18n.js';
export { createSiteRenderer, siteOptionsFromConfig, NOT_FOUND_PATH, type SiteOptions, type SiteRenderer } from './render.js';
export { createSiteBuilder, describeRenderError, type RenderReport, type SiteBuilder } from './site-build.js';
export { createSiteServer, type SiteServer, type SiteServerOptions } from './site-server.js';
