import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError, describeError } from '../domain/errors.js';
import { configSchema, type Config } from './schema.js';

/** A loaded configuration and where it came from. */
export interface LoadedConfig {
  config: Readonly<Config>;
  file: string;
  /** True when the file was absent and has just been written with the defaults. */
  created: boolean;
}

/**
 * Reads and validates the configuration file; when it is absent, writes the defaults there first.
 * Relative paths in it are resolved against the file's folder.
 */
export function loadConfig(
  file: string,
  options: { createIfMissing?: boolean; fallbackToDefaults?: boolean } = {},
): LoadedConfig {
  const path = resolve(file);
  let created = false;
  if (!existsSync(path)) {
    // Commands that need no campaign (translate, demo) run on the defaults without writing a file.
    if (options.fallbackToDefaults) {
      return { config: resolvePaths(configSchema.parse({}), dirname(path)), file: path, created: false };
    }
    if (options.createIfMissing === false) {
      throw new ConfigError(`${path} does not exist (run relais start once to write the defaults there, or pass --config FILE)`);
    }
    writeDefaultConfig(path);
    created = true;
  }
  const raw = readYaml(path);
  const config = parseConfig(raw, path);
  return { config: resolvePaths(config, dirname(path)), file: path, created };
}

/** Validates a configuration object; the error names the key, the value and what is expected. */
export function parseConfig(raw: unknown, origin = 'relais.yaml'): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, raw));
  throw new ConfigError(`${origin} is not valid:\n  - ${problems.join('\n  - ')}`);
}

/** The defaults as YAML, with a header that says where to look. */
export function renderDefaultConfig(): string {
  const defaults = configSchema.parse({});
  return [
    '# relais configuration. Every key is optional; these are the defaults.',
    '# Keys and what they mean: see README.md, "Configuration".',
    stringifyYaml(defaults, { lineWidth: 100 }),
  ].join('\n');
}

function writeDefaultConfig(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderDefaultConfig(), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new ConfigError(`cannot write the default configuration to ${path}: ${describeError(error)}`, { cause: error });
  }
}

function readYaml(path: string): unknown {
  try {
    return parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${describeError(error)}`, { cause: error });
  }
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const key = issue.path.length > 0 ? formatKey(issue.path) : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((name) => (key === '(top level)' ? name : `${key}.${name}`));
    return `unknown key ${keys.join(', ')} (check the spelling; see README.md, "Configuration")`;
  }
  const value = valueAt(raw, issue.path);
  const shown = value === undefined ? 'nothing' : JSON.stringify(value);
  return `${key}: got ${shown}, expected ${expectation(issue)}`;
}

// fetch.allow_hosts[1], campaigns[0].sources[2]: list items by their index, as in YAML.
function formatKey(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

function expectation(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return issue.expected;
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'too_small') return `at least ${String(issue.minimum)}${issue.origin === 'array' ? ' item(s)' : ''}`;
  if (issue.code === 'too_big') return `at most ${String(issue.maximum)}`;
  return issue.message;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function resolvePaths(config: Config, base: string): Readonly<Config> {
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  const resolved: Config = {
    ...config,
    data_dir: absolute(config.data_dir),
    engines: {
      ...config.engines,
      'opus-mt': { ...config.engines['opus-mt'], models_dir: absolute(config.engines['opus-mt'].models_dir) },
    },
  };
  return deepFreeze(resolved);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
