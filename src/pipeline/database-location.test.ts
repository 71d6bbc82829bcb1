import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { describeLocation } from '../storage/db.js';
import { databaseFile } from './index.js';

describe('where the database lives', () => {
  const url = 'postgres://relais:s3cret@db.internal:5432/relais';

  it('is relais.db under data_dir by default, the configured database otherwise, and RELAIS_DATABASE_URL above both', () => {
    expect(databaseFile(parseConfig({ data_dir: '/var/relais' }), {})).toBe(join('/var/relais', 'relais.db'));
    expect(databaseFile(parseConfig({ data_dir: '/var/relais', database: '/srv/other.db' }), {})).toBe('/srv/other.db');
    expect(databaseFile(parseConfig({ database: '/srv/other.db' }), { RELAIS_DATABASE_URL: url })).toBe(url);
  });

  it('is named without the password of a URL', () => {
    expect(describeLocation(url)).toBe('postgres://relais:***@db.internal:5432/relais');
    expect(describeLocation('postgresql://db.internal/relais')).toBe('postgresql://db.internal/relais');
    expect(describeLocation('/srv/relais.db')).toBe('/srv/relais.db');
  });
});
