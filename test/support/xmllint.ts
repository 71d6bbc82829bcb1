// Test support: validates XML against the schemas of test/fixtures/xsd with libxml2's xmllint.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCi } from './shared-data.js';

const XSD_DIR = fileURLToPath(new URL('../fixtures/xsd/', import.meta.url));

/** The schemas at hand: sitemaps.org's index and sitemap, and a news sitemap (sitemap + Google's news extension). */
export const SCHEMAS = {
  sitemapIndex: join(XSD_DIR, 'siteindex.xsd'),
  sitemap: join(XSD_DIR, 'sitemap.xsd'),
  newsSitemap: join(XSD_DIR, 'news-sitemap.xsd'),
} as const;

/** Whether xmllint runs here (Debian's libxml2-utils). */
export const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/**
 * Whether a test that needs xmllint skips: without it a developer's run skips (saying so); CI
 * must have it (.ci/run installs libxml2-utils), so there the test runs and fails.
 */
export function skipWithoutXmllint(file: string): boolean {
  const skip = !hasXmllint && !isCi();
  if (skip) console.warn(`${file}: the xmllint validations are skipped: xmllint is absent (install Debian's libxml2-utils to run them)`);
  return skip;
}

/** What xmllint said of a document: its exit status and its words. */
export interface XmllintResult {
  status: number | null;
  output: string;
}

/** Runs `xmllint --noout --schema schema -` on `xml`. */
export function validateXml(xml: string, schema: string): XmllintResult {
  const run = spawnSync('xmllint', ['--noout', '--schema', schema, '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw new Error(`xmllint could not run: ${run.error.message} (install Debian's libxml2-utils)`);
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
