import { FetchError, TranslateError } from '../../domain/errors.js';
import type { HttpClient } from '../../domain/types.js';

// The one way HTTP engines talk to their servers: one request per attempt through relais's
// hardened HTTP client, with its own timeout, bounded retries with exponential backoff on 429, 5xx, timeouts and network
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
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  text: string;
  /** The wait the server's Retry-After asks for, when it sent one that can be read. */
  retryAfterMs: number | undefined;
}

/**
 * Sends `request` through `http`, retrying transient failures per `policy`; throws a retryable
 * TranslateError when they persist, and a final one at once when the client refuses the URL.
 */
export async function sendEngineRequest(http: HttpClient, engine: string, request: EngineRequest, policy: RetryPolicy): Promise<EngineResponse> {
  const shown = describeUrl(request.url);
  const isTransient = request.isTransient ?? isTransientStatus;
  const sleep = policy.sleep ?? delay;
  let problem = '';
  let cause: unknown;
  let retryAfterMs: number | undefined;
  let attempts = 0;
  while (attempts <= policy.retries) {
    attempts += 1;
    const outcome = await sendOnce(http, request);
    if (outcome.kind === 'refused') throw createRefusedUrlError(engine, shown, outcome.error);
    if (outcome.kind === 'answer' && !isTransient(outcome.response.status, outcome.response.text)) return outcome.response;
    retryAfterMs = outcome.kind === 'answer' ? outcome.response.retryAfterMs : undefined;
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

/** A URL as shown in messages: without its query, which may carry a key. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

type AttemptOutcome =
  | { kind: 'answer'; response: EngineResponse }
  | { kind: 'failure'; problem: string; cause: unknown }
  | { kind: 'refused'; error: FetchError };

// Failures that another attempt would meet again: the URL itself is refused.
const refusedUrlCodes = new Set(['bad-url', 'blocked-address', 'too-many-redirects']);

async function sendOnce(http: HttpClient, request: EngineRequest): Promise<AttemptOutcome> {
  const isForm = request.body instanceof URLSearchParams;
  const headers = isForm ? { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', ...request.headers } : request.headers;
  try {
    const response = await http.request({
      url: request.url,
      method: request.method,
      ...(headers ? { headers } : {}),
      ...(request.body === undefined ? {} : { body: request.body.toString() }),
      timeouts: { responseMs: request.timeoutMs, totalMs: request.timeoutMs },
    });
    const text = new TextDecoder().decode(response.body);
    return { kind: 'answer', response: { status: response.status, headers: response.headers, text, retryAfterMs: response.retryAfterMs } };
  } catch (error) {
    if (error instanceof FetchError && refusedUrlCodes.has(error.code)) return { kind: 'refused', error };
    return { kind: 'failure', problem: describeFetchFailure(error, request.timeoutMs), cause: error };
  }
}

// The engine's URL is the operator's configuration: a refusal says which hop and why.
function createRefusedUrlError(engine: string, shown: string, error: FetchError): TranslateError {
  const hop = describeUrl(error.url);
  const where = hop === shown ? shown : `${shown} redirects to ${hop}, which`;
  return new TranslateError(engine, `${where} cannot be reached: ${error.reason}`, { cause: error, retryable: false });
}

function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function describeStatus(response: EngineResponse): string {
  const retryAfter = response.headers['retry-after'];
  return retryAfter === undefined ? `HTTP ${response.status}` : `HTTP ${response.status}, Retry-After ${retryAfter}`;
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof FetchError && error.code === 'timeout') return `no answer within ${timeoutMs} ms`;
  const code = findSystemErrorCode(error);
  if (code) return code;
  if (error instanceof FetchError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}

// ECONNREFUSED, ECONNRESET…: what the operator looks up, found down the chain of causes.
function findSystemErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
