// The general request of the client (any method, headers and body), whole or streamed; engines
// and model downloads send through it, with the same checks as pages and feeds.
import type { HttpRequest, HttpResponse, HttpStream } from '../domain/types.js';
import { describeAnswer, openBodyStream, readCappedBody } from './answer.js';
import { applyTimeouts, followRedirects, openExchange, parseFetchableUrl } from './hops.js';
import type { FetchContext, HopRequest } from './hops.js';
import { acceptedEncodings } from './read-body.js';

/** Sends a request and reads the whole answer, whatever its status, under the byte cap. */
export async function sendRequest(context: FetchContext, request: HttpRequest): Promise<HttpResponse> {
  const exchange = openExchange(applyTimeouts(context.limits, request.timeouts));
  const maxBytes = request.maxBytes ?? context.maxBytes;
  try {
    return await followRedirects(context, prepareHop(context, request, acceptedEncodings), exchange, async (answer) => ({
      ...describeAnswer(answer),
      body: await readCappedBody(answer, maxBytes),
    }));
  } finally {
    exchange.finish();
  }
}

/**
 * Sends a request and hands the answer's body over as it comes. No content coding is asked for,
 * so lengths and Range offsets are the file's own.
 */
export async function streamRequest(context: FetchContext, request: HttpRequest): Promise<HttpStream> {
  const exchange = openExchange(applyTimeouts(context.limits, request.timeouts));
  try {
    return await followRedirects(context, prepareHop(context, request, undefined), exchange, async (answer) =>
      openBodyStream(answer, request.maxBytes, exchange),
    );
  } catch (error) {
    exchange.finish();
    throw error;
  }
}

function prepareHop(context: FetchContext, request: HttpRequest, acceptEncoding: string | undefined): HopRequest {
  const headers: Record<string, string> = { 'user-agent': context.userAgent, accept: '*/*' };
  if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const hop: HopRequest = { url: parseFetchableUrl(request.url), method: (request.method ?? 'GET').toUpperCase(), headers };
  if (request.body !== undefined) hop.body = request.body;
  return hop;
}
