// Typed failures, one class per stage. Messages say what happened, to what, and what to do.

/** Base of every relais failure; `stage` tells where it happened. */
export class RelaisError extends Error {
  readonly stage: string;

  constructor(stage: string, message: string, options?: { cause?: unknown }) {
    super(`${stage}: ${message}`, options);
    this.name = 'RelaisError';
    this.stage = stage;
  }
}

/** The configuration file or environment is wrong; names the key, the value and what is expected. */
export class ConfigError extends RelaisError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
    this.name = 'ConfigError';
  }
}

/** Why a fetch failed, for callers that branch on it. */
export type FetchErrorCode =
  | 'bad-url'
  | 'blocked-address'
  | 'dns'
  | 'connect'
  | 'timeout'
  | 'too-many-redirects'
  | 'too-large'
  | 'http-status'
  | 'unsupported-content'
  | 'network';

/** A URL could not be fetched. */
export class FetchError extends RelaisError {
  readonly code: FetchErrorCode;
  readonly url: string;
  readonly status: number | undefined;
  /** Milliseconds the server asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;
  /** What went wrong, without the stage and URL the message starts with. */
  readonly reason: string;

  constructor(
    code: FetchErrorCode,
    url: string,
    message: string,
    options?: { cause?: unknown; status?: number; retryAfterMs?: number },
  ) {
    super('fetch', `${url}: ${message}`, options);
    this.name = 'FetchError';
    this.code = code;
    this.url = url;
    this.status = options?.status;
    this.retryAfterMs = options?.retryAfterMs;
    this.reason = message;
  }
}

/** A feed could not be parsed. */
export class FeedError extends RelaisError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('poll', message, options);
    this.name = 'FeedError';
  }
}

/** A page could not be turned into an article (not the same as "not an article"). */
export class ExtractError extends RelaisError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('extract', message, options);
    this.name = 'ExtractError';
  }
}

/** A translation engine failed or is not usable; the message names the engine. */
export class TranslateError extends RelaisError {
  readonly engine: string;
  /** Whether trying again later may succeed (engine down, rate-limited). */
  readonly retryable: boolean;

  constructor(engine: string, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super('translate', `${engine}: ${message}`, options);
    this.name = 'TranslateError';
    this.engine = engine;
    this.retryable = options?.retryable ?? true;
  }
}

/** The database could not be opened, migrated or written. */
export class StorageError extends RelaisError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('storage', message, options);
    this.name = 'StorageError';
  }
}

/** Describes any thrown value in one line, for logs and story reasons. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
