import { TranslateError } from '../../domain/errors.js';

// The one way HTTP engines talk to their servers: one request per attempt with its own
// timeout, bounded retries with exponential backoff on 429, 5xx, timeouts and network
// failures (a Retry-After the server sends is honored, up to a cap), then a failure that
// names the engine, the URL and the reason. Any other answer goes back to the engine,
// which knows what its service means by it.

/** How hard an engine tries before it gives up on a request. */
export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  /** Wait before the first retry in ms, doubled at each further one. */
  backoffMs: number;
  /** Longest wait between attempts; a server asking for longer is not waited for. */
  maxWaitMs: number;
  /** Waits (a parameter so tests can see the waits without spending them). */
  sleep?: (ms: number) => Promise<void>;
}

/** The policy HTTP engines use unless configured otherwise. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, backoffMs: 500, maxWaitMs: 30_000 };

/** One request to an engine's server. */
export interface EngineRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  timeoutMs: number;
  /** Whether an answer is transient (default: 429 and 5xx). */
  isTransient?: (status: number, text: string) => boolean;
  /** Appended to the failure message after the last attempt (e.g. how to start the server). */
  hint?: string;
}

/** What the server answered (any status that was not retried). */
export interface EngineResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Sends `request`, retrying transient failures per `policy`; throws a retryable TranslateError when they persist. */
export async function sendEngineRequest(engine: string, request: EngineRequest, policy: RetryPolicy): Promise<EngineResponse> {
  const shown = describeUrl(request.url);
  const isTransient = request.isTransient ?? isTransientStatus;
  const sleep = policy.sleep ?? delay;
  let problem = '';
  let cause: unknown;
  let retryAfterMs: number | undefined;
  let attempts = 0;
  while (attempts <= policy.retries) {
    attempts += 1;
    const outcome = await sendOnce(request);
    if (outcome.kind === 'answer' && !isTransient(outcome.response.status, outcome.response.text)) return outcome.response;
    retryAfterMs = outcome.kind === 'answer' ? parseRetryAfter(outcome.response.headers.get('retry-after')) : undefined;
    problem = outcome.kind === 'answer' ? describeStatus(outcome.response) : outcome.problem;
    cause = outcome.kind === 'failure' ? outcome.cause : undefined;
    if (attempts > policy.retries) break;
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxWaitMs) {
      problem += `; the server asks to wait ${Math.ceil(retryAfterMs / 1000)} s, more than the ${Math.ceil(policy.maxWaitMs / 1000)} s relais waits`;
      break;
    }
    await sleep(Math.min(retryAfterMs ?? policy.backoffMs * 2 ** (attempts - 1), policy.maxWaitMs));
  }
  const hint = request.hint ? `; ${request.hint}` : '';
  // The server's Retry-After travels with the failure, so the story is not tried again sooner.
  throw new TranslateError(engine, `${shown} failed after ${attempts} attempts (${problem})${hint}`, {
    cause,
    retryable: true,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** Reads a Retry-After header (seconds or an HTTP date) as milliseconds from now. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A URL as shown in messages: without its query, which may carry a key. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

type AttemptOutcome = { kind: 'answer'; response: EngineResponse } | { kind: 'failure'; problem: string; cause: unknown };

async function sendOnce(request: EngineRequest): Promise<AttemptOutcome> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await response.text();
    return { kind: 'answer', response: { status: response.status, headers: response.headers, text } };
  } catch (error) {
    return { kind: 'failure', problem: describeFetchFailure(error, request.timeoutMs), cause: error };
  }
}

function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function describeStatus(response: EngineResponse): string {
  const retryAfter = response.headers.get('retry-after');
  return retryAfter === null ? `HTTP ${response.status}` : `HTTP ${response.status}, Retry-After ${retryAfter}`;
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
