import { TranslateError } from '../../domain/errors.js';

// Calls to an Apertium APy server: JSON answers, bounded retries with backoff on 5xx,
// 429, timeouts and refused connections; every failure names the engine and the URL.

/** How to reach APy and how hard to try. */
export interface ApyClientOptions {
  url: string;
  timeoutMs: number;
  /** Extra attempts after the first on 5xx, 429, timeouts and network errors. */
  retries: number;
  /** Wait before the first retry; doubled at each further one. */
  backoffMs: number;
}

/** What APy answered: its data, or the error it reported (HTTP 4xx). */
export type ApyAnswer =
  | { kind: 'ok'; data: unknown }
  | { kind: 'refused'; status: number; explanation: string };

/** The command that starts APy with the pairs Debian installs. */
export const APY_START_HINT = 'is apertium-apy running? start it with: apertium-apy -p 2737 /usr/share/apertium/modes';

/** Sends one request to APy (GET when `form` is absent, POST form otherwise), retrying transient failures. */
export async function requestApy(options: ApyClientOptions, path: string, form?: URLSearchParams): Promise<ApyAnswer> {
  const target = new URL(path, withTrailingSlash(options.url)).href;
  let lastProblem = '';
  let lastCause: unknown;
  for (let attempt = 0; attempt <= options.retries; attempt += 1) {
    if (attempt > 0) await sleep(options.backoffMs * 2 ** (attempt - 1));
    try {
      const response = await fetch(target, {
        method: form ? 'POST' : 'GET',
        body: form,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      if (response.status >= 500 || response.status === 429) {
        lastProblem = `HTTP ${response.status}`;
        continue;
      }
      return readAnswer(response.status, text, target);
    } catch (error) {
      if (error instanceof TranslateError) throw error;
      lastCause = error;
      lastProblem = describeFetchFailure(error, options.timeoutMs);
    }
  }
  throw new TranslateError(
    'apertium',
    `${target} failed after ${options.retries + 1} attempts (${lastProblem}); ${APY_START_HINT}`,
    { cause: lastCause, retryable: true },
  );
}

function readAnswer(status: number, text: string, target: string): ApyAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new TranslateError('apertium', `${target} answered HTTP ${status} with something that is not JSON; is the URL an Apertium APy server?`, {
      cause: error,
      retryable: false,
    });
  }
  if (status >= 400) {
    const explanation = readString(body, 'explanation') ?? readString(body, 'message') ?? `HTTP ${status}`;
    return { kind: 'refused', status, explanation };
  }
  return { kind: 'ok', data: (body as { responseData?: unknown }).responseData };
}

function readString(value: unknown, key: string): string | undefined {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'string' ? field : undefined;
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
