// WebSub (https://www.w3.org/TR/websub/): the feeds name a hub; when one changes, the publisher
// tells the hub, which fetches it and pushes it to the subscribers. The notice is the
// de-facto one hubs take (§7 leaves it open): a form POST of hub.mode=publish and hub.url.
import type { HttpClient } from '../domain/types.js';
import { describeError } from '../domain/errors.js';

/** Tells a hub which feeds changed. */
export interface WebSubPublisher {
  readonly hub: string;
  /** Notifies the hub of each feed (absolute URLs); never throws: a hub that fails is reported and the feed waits for the next change. */
  publish(feedUrls: readonly string[]): Promise<WebSubOutcome[]>;
}

/** What the hub answered for one feed. */
export interface WebSubOutcome {
  feedUrl: string;
  ok: boolean;
  /** Why it failed, for a log line. */
  reason?: string;
}

export interface WebSubPublisherOptions {
  hub: string;
  /** The hardened client, allowed to reach the hub. */
  client: HttpClient;
  /** Told about each hub that failed; publishing goes on. */
  onFailure?: (outcome: WebSubOutcome & { reason: string }) => void;
}

// A hub answers at once (it fetches the feed later): a slow one is not waited for long.
const HUB_TIMEOUTS = { responseMs: 10_000, totalMs: 15_000 };

/** Makes the publisher that notifies `hub`. */
export function createWebSubPublisher(options: WebSubPublisherOptions): WebSubPublisher {
  const { hub, client } = options;
  return {
    hub,
    async publish(feedUrls) {
      const outcomes: WebSubOutcome[] = [];
      for (const feedUrl of feedUrls) {
        const outcome = await notify(client, hub, feedUrl);
        if (!outcome.ok && outcome.reason) options.onFailure?.({ ...outcome, reason: outcome.reason });
        outcomes.push(outcome);
      }
      return outcomes;
    },
  };
}

async function notify(client: HttpClient, hub: string, feedUrl: string): Promise<WebSubOutcome> {
  const body = new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feedUrl }).toString();
  try {
    const answer = await client.request({
      url: hub,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      timeouts: HUB_TIMEOUTS,
      maxBytes: 64 * 1024,
    });
    if (answer.status >= 200 && answer.status < 300) return { feedUrl, ok: true };
    const said = Buffer.from(answer.body).toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
    return { feedUrl, ok: false, reason: `the WebSub hub ${hub} answered ${answer.status} to the notice of ${feedUrl}${said ? ` ("${said}")` : ''}` };
  } catch (error) {
    return { feedUrl, ok: false, reason: `the WebSub hub ${hub} could not be told that ${feedUrl} changed: ${describeError(error)}` };
  }
}

/** Why a hub failed, for a log line: what is wrong and that publishing went on. */
export function describeWebSubFailure(reason: string): string {
  return `${reason} (the feed is published; subscribers of the hub learn of it at the next change, or check site.websub_hub)`;
}
