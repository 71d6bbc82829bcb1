import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { HttpClient } from '../../src/domain/types.js';
import { openTestHttpClient } from './http-client.js';

// A loopback HTTP server for contract tests of HTTP engines: it records every request,
// plays scripted faults first (error answers, or no answer at all), and otherwise lets the
// service's handler answer. Handlers validate requests strictly and report what they refuse.

/** A request as the fake received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON, or as a form, or the raw text. */
  body: unknown;
  rawBody: string;
}

/** What a handler answers. */
export interface FakeAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A scripted fault: an error answer in the service's own shape, or silence until the client gives up. */
export type Fault =
  | { kind: 'status'; status: number; message: string; reason?: string; headers?: Record<string, string> }
  | { kind: 'hang' };

/** A running fake service. */
export interface FakeHttpService {
  url: string;
  /** A client that reaches this fake and nothing else private, as relais's engine client reaches a configured engine. */
  http: HttpClient;
  requests: RecordedRequest[];
  /** Faults still to play, one per request, before normal answers resume. */
  faults: Fault[];
  /** When set, every request gets this fault (a service that stays down). */
  persistentFault: Fault | undefined;
  /** Requests the handler refused as not following the documented API. */
  violations: string[];
  close(): Promise<void>;
}

/** How a fake service answers. */
export interface FakeServiceSpec {
  handle(request: RecordedRequest, refuse: (status: number, message: string) => FakeAnswer): FakeAnswer;
  /** Renders an error answer in the service's documented shape. */
  renderError(status: number, message: string, reason?: string): unknown;
}

/** Starts a fake service on 127.0.0.1 at a free port. */
export async function startFakeHttpService(spec: FakeServiceSpec): Promise<FakeHttpService> {
  const fake: FakeHttpService = {
    url: '',
    http: openTestHttpClient([]),
    requests: [],
    faults: [],
    persistentFault: undefined,
    violations: [],
    close: async () => undefined,
  };
  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: parseBody(raw, request.headers['content-type']),
        rawBody: raw,
      };
      fake.requests.push(recorded);
      const fault = fake.persistentFault ?? fake.faults.shift();
      if (fault?.kind === 'hang') return;
      if (fault) {
        send(response, { status: fault.status, body: spec.renderError(fault.status, fault.message, fault.reason), headers: fault.headers ?? {} });
        return;
      }
      const refuse = (status: number, message: string): FakeAnswer => {
        fake.violations.push(`${recorded.method} ${recorded.path}: ${message}`);
        return { status, body: spec.renderError(status, message) };
      };
      send(response, spec.handle(recorded, refuse));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  fake.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await fake.http.close();
  fake.http = openTestHttpClient([fake.url]);
  fake.close = async () => {
    await fake.http.close();
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  };
  return fake;
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.startsWith('application/json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams(raw);
  return raw;
}

function send(response: ServerResponse, answer: FakeAnswer): void {
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
  if (answer.body === undefined) {
    response.end();
    return;
  }
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(answer.body));
}

/** The fake's "translation": letters upper-cased outside tags and entities, so tests can see what was translated. */
export function translateByUpperCasing(text: string): string {
  return text.replace(/(<[^>]*>|&#?\w+;)|([^<&]+|&)/g, (_match, keep: string | undefined, words: string | undefined) => keep ?? (words ?? '').toUpperCase());
}
