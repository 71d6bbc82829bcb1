import type { Config } from '../../config/index.js';
import { databaseFile } from '../../pipeline/index.js';
import { openDatabase } from '../../storage/index.js';
import { createSiteBuilder, siteOptionsFromConfig } from '../../web/index.js';
import { exportSite, type ExportReport } from '../../web/export.js';

/** `relais export --out DIR`: brings the stored pages up to date, then writes them as static files. */
export async function exportStaticSite(config: Readonly<Config>, out: string): Promise<ExportReport> {
  const database = await openDatabase(databaseFile(config));
  try {
    const builder = createSiteBuilder({ db: database.db, site: siteOptionsFromConfig(config) });
    await builder.render();
    await builder.close();
    return await exportSite(database.db, out);
  } finally {
    await database.close();
  }
}
