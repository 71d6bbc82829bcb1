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
  | 'network'
  /** robots.txt disallows the URL for relais. */
  | 'robots-disallowed'
  /** robots.txt could not be read (5xx, unreachable): nothing on that site is fetched until it can. */
  | 'robots-unavailable';

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

/**
 * A translation engine failed or is not usable; the message names the engine.
 *
 * `retryable: false` means the engine cannot translate the pair at all until someone acts (a
 * refused key, a spent quota, a pair or model that is not there, an engine that cannot load): the
 * pipeline stops the engine for the pair instead of failing story after story, so its message must
 * say what to do. A problem with one text, or one that may pass (down, timeout, 429, 5xx), is retryable.
 */
export class TranslateError extends RelaisError {
  readonly engine: string;
  /** Whether trying again later may succeed (engine down, rate-limited). */
  readonly retryable: boolean;
  /** What happened, without the stage and engine prefixes of the message. */
  readonly detail: string;
  /** Milliseconds the service asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;

  constructor(engine: string, message: string, options?: { cause?: unknown; retryable?: boolean; retryAfterMs?: number }) {
    super('translate', `${engine}: ${message}`, options);
    this.name = 'TranslateError';
    this.engine = engine;
    this.retryable = options?.retryable ?? true;
    this.detail = message;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** The database could not be opened, migrated or written, or lacks what a story's state says it holds. */
export class StorageError extends RelaisError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('storage', message, options);
    this.name = 'StorageError';
  }
}

/**
 * The database server cannot be reached (down, restarting, connection lost): not the fault of the
 * story in hand, and trying again once it answers may succeed. `location` has no password.
 */
export class DatabaseUnreachableError extends StorageError {
  readonly location: string;

  constructor(location: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnreachableError';
    this.location = location;
  }
}

/** The DatabaseUnreachableError an error is, or has among its causes; undefined when it has none. */
export function findDatabaseUnreachable(error: unknown): DatabaseUnreachableError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) if (current instanceof DatabaseUnreachableError) return current;
  return undefined;
}

/** A worker's lease on a story ran out and another worker took the story: this one drops it, writing nothing. */
export class LeaseLostError extends RelaisError {
  readonly storyId: number;

  constructor(storyId: number, owner: string) {
    super('storage', `story ${storyId}: the lease of ${owner} ran out and another worker took the story over; this one leaves it to them`);
    this.name = 'LeaseLostError';
    this.storyId = storyId;
  }
}

/** A command was asked for something it cannot do (a malformed argument, an unknown story); names the command. */
export class CommandError extends RelaisError {
  constructor(command: string, message: string, options?: { cause?: unknown }) {
    super(command, message, options);
    this.name = 'CommandError';
  }
}

/** Describes any thrown value in one line, for logs and story reasons. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
