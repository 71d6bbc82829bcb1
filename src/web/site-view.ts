import { textDirection, type SiteStrings, type UpdateMoment } from './i18n.js';
import type { SitePaths } from './urls.js';

/** What every page of one site needs to render: its words, paths, language and origin. */
export interface SiteView {
  title: string;
  language: string;
  dir: 'ltr' | 'rtl';
  strings: SiteStrings;
  paths: SitePaths;
  /** Scheme and host absolute links start from, without a trailing slash. */
  origin: string;
  /** The configured automatic-translation notice, replacing the default of the strings table. */
  notice: string | undefined;
  timeZone: string;
  /** The WebSub hub the feeds declare, when the site has one. */
  websubHub?: string;
}

/** Builds the view of a site for one request. */
export function createSiteView(input: Omit<SiteView, 'dir'>): SiteView {
  return { ...input, dir: textDirection(input.language) };
}

/** Formats an ISO instant as a long date in the reader's language ("27 novembre 2026"). */
export function formatLongDate(iso: string, language: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(date);
}

/** An ISO instant's date and time in the reader's language and the site's time zone, for the strings to word; undefined when unreadable. */
export function describeMoment(iso: string, language: string, timeZone: string): UpdateMoment | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const parts = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone }).formatToParts(date);
  return {
    date: formatLongDate(iso, language, timeZone),
    hour: parts.find((part) => part.type === 'hour')?.value ?? '',
    minute: parts.find((part) => part.type === 'minute')?.value ?? '',
    time: new Intl.DateTimeFormat(language, { timeStyle: 'short', timeZone }).format(date),
  };
}

