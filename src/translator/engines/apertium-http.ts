import { TranslateError } from '../../domain/errors.js';
import type { HttpClient } from '../../domain/types.js';
import { readStringField } from './http-engine.js';
import { DEFAULT_RETRY_POLICY, sendEngineRequest } from './http-retry.js';

// Calls to an Apertium APy server: JSON answers; retries and failure messages are the
// shared HTTP engine policy (http-retry.ts).

/** How to reach APy and how hard to try. */
export interface ApyClientOptions {
  url: string;
  /** The client requests go through; it must allow the origin of `url`. */
  http: HttpClient;
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
  const response = await sendEngineRequest(
    options.http,
    'apertium',
    { url: target, method: form ? 'POST' : 'GET', body: form, timeoutMs: options.timeoutMs, hint: APY_START_HINT },
    { ...DEFAULT_RETRY_POLICY, retries: options.retries, backoffMs: options.backoffMs },
  );
  return readAnswer(response.status, response.text, target);
}

function readAnswer(status: number, text: string, target: string): ApyAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new TranslateError('apertium', `${target} answered HTTP ${status} with something that is not JSON; check engines.apertium.url (is it an Apertium APy server?)`, {
      cause: error,
      retryable: false,
    });
  }
  if (status >= 400) {
    const explanation = readStringField(body, 'explanation') ?? readStringField(body, 'message') ?? `HTTP ${status}`;
    return { kind: 'refused', status, explanation };
  }
  return { kind: 'ok', data: (body as { responseData?: unknown }).responseData };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
