import type { Child } from 'hono/jsx';
import type { AuditEntry, EngineProblemRecord, EngineUsageDay, MemoryUsage, SourceRecord, StorySummary } from '../../storage/index.js';
import type { AdminStrings } from '../i18n.js';
import type { StoryActionName } from './actions.js';
import type { StorySegment } from './story-texts.js';
import type { StoryRevision } from '../../storage/index.js';
import { diffWords } from '../../util/diff-words.js';

// The admin area's pages: server-rendered, no script (the CSP forbids it), every action a POST
// form carrying the session's form token.

/** What every admin page knows: its words, who is signed in and the form token. */
export interface AdminView {
  strings: AdminStrings;
  language: string;
  /** The site's time zone (`site.time_zone`): times are shown in it, named. */
  timeZone: string;
  userName: string;
  csrfToken: string;
  /** A notice after an action (done, or why not). */
  notice?: { text: string; error: boolean };
}

const STYLESHEET = '/admin/assets/admin.css';

// Times are stored in UTC and shown in the site's language and time zone, with the zone's name
// ("04/12/2026 03:48 UTC+1"), so that an editor never has to guess which clock a time is on.
function When(props: { at: string | null | undefined; view: { language: string; timeZone: string }; none?: string }) {
  if (!props.at) return <>{props.none ?? '—'}</>;
  const date = new Date(props.at);
  if (Number.isNaN(date.getTime())) return <>{props.at}</>;
  const text = new Intl.DateTimeFormat(props.view.language, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: props.view.timeZone, timeZoneName: 'short' }).format(date);
  return <time datetime={props.at}>{text}</time>;
}

/** The frame of a signed-in page: navigation, notice, sign-out. */
export function AdminLayout(props: { view: AdminView; title: string; children?: Child }) {
  const { view } = props;
  const s = view.strings;
  return (
    <Document language={view.language} title={`${props.title} — ${s.admin}`}>
      <header class="site-header">
        <div class="wrap">
          <p class="site-title">
            <a href="/admin">{s.admin}</a>
          </p>
          <nav class="site-nav admin-nav" aria-label={s.admin}>
            <ul>
              <li><a href="/admin">{s.dashboard}</a></li>
              <li><a href="/admin/campaigns">{s.campaigns}</a></li>
              <li><a href="/admin/stories">{s.stories}</a></li>
              <li><a href="/admin/engines">{s.engines}</a></li>
              <li><a href="/admin/audit">{s.audit}</a></li>
              <li>
                <form method="post" action="/admin/logout">
                  <input type="hidden" name="csrf" value={view.csrfToken} />
                  <button type="submit">{s.signOut} ({view.userName})</button>
                </form>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="content" class="wrap">
        <h1 class="page-title">{props.title}</h1>
        {view.notice ? <p class={view.notice.error ? 'notice error' : 'notice'} role="status">{view.notice.text}</p> : null}
        {props.children}
      </main>
    </Document>
  );
}

function Document(props: { language: string; title: string; children?: Child }) {
  return (
    <html lang={props.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={STYLESHEET} />
        <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

/** The sign-in page. */
export function LoginPage(props: { strings: AdminStrings; language: string; formToken: string; error?: string; name?: string }) {
  const s = props.strings;
  return (
    <Document language={props.language} title={`${s.signIn} — ${s.admin}`}>
      <main id="content" class="wrap">
        <form class="login" method="post" action="/admin/login">
          <h1 class="page-title">{s.admin}</h1>
          {props.error ? <p class="notice error" role="alert">{props.error}</p> : null}
          <input type="hidden" name="csrf" value={props.formToken} />
          <label>{s.user}<input type="text" name="name" autocomplete="username" required value={props.name ?? ''} /></label>
          <label>{s.password}<input type="password" name="password" autocomplete="current-password" required /></label>
          <button type="submit">{s.signIn}</button>
        </form>
      </main>
    </Document>
  );
}

/** What the dashboard shows. */
export interface DashboardData {
  counts: Record<string, Record<string, number>>;
  lastPollAt: string | null;
  lastStoryChangeAt: string | null;
  failures: StorySummary[];
  failingSources: SourceRecord[];
  engineProblems: EngineProblemRecord[];
}

const shownStates = ['discovered', 'fetched', 'extracted', 'translated', 'held', 'published', 'skipped', 'failed', 'unpublished'];

/** Stories by state per campaign, the last activity, and what is going wrong. */
export function DashboardPage(props: { view: AdminView; data: DashboardData }) {
  const { view, data } = props;
  const s = view.strings;
  return (
    <AdminLayout view={view} title={s.dashboard}>
      <table>
        <thead>
          <tr><th>{s.campaign}</th>{shownStates.map((state) => <th><a href={`/admin/stories?state=${state}`}>{s.states[state] ?? state}</a></th>)}<th>{s.total}</th></tr>
        </thead>
        <tbody>
          {Object.entries(data.counts).map(([campaign, counts]) => (
            <tr>
              <td>{campaign}</td>
              {shownStates.map((state) => <td class="n">{counts[state] ?? 0}</td>)}
              <td class="n">{Object.values(counts).reduce((a, b) => a + b, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl class="facts">
        <dt>{s.lastPoll}</dt><dd><When at={data.lastPollAt} view={view} none={s.none} /></dd>
        <dt>{s.lastStoryChange}</dt><dd><When at={data.lastStoryChangeAt} view={view} none={s.none} /></dd>
      </dl>
      <h2>{s.recentFailures}</h2>
      <StoryTable view={view} stories={data.failures} />
      <h2>{s.sources}: {s.lastError}</h2>
      {data.failingSources.length === 0 ? <p>{s.none}</p> : (
        <table><tbody>{data.failingSources.map((source) => <tr><td>{source.campaignId}</td><td>{source.url}</td><td>{source.lastError}</td></tr>)}</tbody></table>
      )}
      <h2>{s.engineProblems}</h2>
      <EngineProblems view={view} problems={data.engineProblems} />
    </AdminLayout>
  );
}

function EngineProblems(props: { view: AdminView; problems: EngineProblemRecord[] }) {
  const view = props.view;
  if (props.problems.length === 0) return <p>{view.strings.none}</p>;
  return (
    <table><tbody>{props.problems.map((problem) => <tr><td>{problem.engine}</td><td>{problem.from}→{problem.to}</td><td>{problem.reason}</td><td><When at={problem.lastSeenAt} view={view} /></td></tr>)}</tbody></table>
  );
}

/** A campaign and its sources with their health. */
export interface CampaignView {
  id: string;
  category: string;
  sources: SourceRecord[];
}

/** Campaigns and sources: health, add, pause, resume, remove. */
export function CampaignsPage(props: { view: AdminView; campaigns: CampaignView[] }) {
  const { view } = props;
  const s = view.strings;
  return (
    <AdminLayout view={view} title={s.campaigns}>
      {props.campaigns.map((campaign) => (
        <section>
          <h2>{campaign.id} <span class="meta">({campaign.category})</span></h2>
          <table>
            <thead><tr><th>{s.source}</th><th>{s.lastFetch}</th><th>{s.lastError}</th><th>{s.nextPoll}</th><th>{s.actions}</th></tr></thead>
            <tbody>
              {campaign.sources.map((source) => (
                <tr>
                  <td>{source.title ? <>{source.title}<br /></> : null}<span class="meta">{source.url}</span></td>
                  <td><When at={source.lastPolledAt} view={view} /></td>
                  <td>{source.lastError ? `${source.lastError} (×${source.errorCount})` : '—'}</td>
                  <td>{source.pausedAt ? s.paused : <When at={source.nextPollAt} view={view} />}</td>
                  <td>
                    <PostButton view={view} action={`/admin/sources/${source.id}/${source.pausedAt ? 'resume' : 'pause'}`} label={source.pausedAt ? s.resume : s.pause} back="/admin/campaigns" />
                    <PostButton view={view} action={`/admin/sources/${source.id}/remove`} label={s.remove} back="/admin/campaigns" danger />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form class="inline" method="post" action={`/admin/campaigns/${campaign.id}/sources`}>
            <input type="hidden" name="csrf" value={view.csrfToken} />
            <input type="url" name="url" required placeholder={s.feedUrl} aria-label={s.feedUrl} size={48} />
            <button type="submit">{s.addSource}</button>
          </form>
        </section>
      ))}
    </AdminLayout>
  );
}

function PostButton(props: { view: AdminView; action: string; label: string; back: string; danger?: boolean; reason?: boolean }) {
  return (
    <form class="inline" method="post" action={props.action}>
      <input type="hidden" name="csrf" value={props.view.csrfToken} />
      <input type="hidden" name="back" value={props.back} />
      {props.reason ? <input type="text" name="reason" required placeholder={props.view.strings.reason} aria-label={props.view.strings.reason} size={18} /> : null}
      <button type="submit" class={props.danger ? 'danger' : undefined}>{props.label}</button>
    </form>
  );
}

/** The actions that apply to a story in a state. */
export function actionsFor(state: string): StoryActionName[] {
  switch (state) {
    case 'held': return ['publish', 'reject', 'retranslate', 'delete'];
    case 'failed': return ['retry', 'retranslate', 'delete'];
    case 'published': return ['publish', 'retranslate', 'unpublish', 'delete'];
    case 'translated': case 'skipped': return ['retranslate', 'delete'];
    default: return ['delete'];
  }
}

const needsReason: ReadonlySet<StoryActionName> = new Set(['reject', 'unpublish']);

function StoryActions(props: { view: AdminView; story: StorySummary; back: string }) {
  return (
    <>
      {actionsFor(props.story.state).map((action) => (
        <PostButton
          view={props.view}
          action={`/admin/stories/${props.story.id}/${action}`}
          label={props.view.strings.actionNames[action]}
          back={props.back}
          danger={action === 'delete' || action === 'unpublish' || action === 'reject'}
          reason={needsReason.has(action)}
        />
      ))}
    </>
  );
}

function StoryTable(props: { view: AdminView; stories: StorySummary[]; back?: string }) {
  const s = props.view.strings;
  if (props.stories.length === 0) return <p>{s.none}</p>;
  return (
    <table>
      <thead><tr><th>#</th><th>{s.title}</th><th>{s.state}</th><th>{s.updated}</th>{props.back ? <th>{s.actions}</th> : null}</tr></thead>
      <tbody>
        {props.stories.map((story) => (
          <tr>
            <td class="n"><a href={`/admin/stories/${story.id}`}>{story.id}</a></td>
            <td><a href={`/admin/stories/${story.id}`}>{story.title}</a><br /><span class="meta">{story.campaignId}</span>{story.reason ? <><br /><span class="reason">[{story.stage}] {story.reason}</span></> : null}</td>
            <td>{s.states[story.state] ?? story.state}</td>
            <td><When at={story.updatedAt} view={props.view} /></td>
            {props.back ? <td><StoryActions view={props.view} story={story} back={props.back} /></td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Stories of one state (or all), with reasons and actions. */
export function StoriesPage(props: { view: AdminView; state: string | undefined; stories: StorySummary[] }) {
  const { view } = props;
  const s = view.strings;
  const back = props.state ? `/admin/stories?state=${props.state}` : '/admin/stories';
  return (
    <AdminLayout view={view} title={s.stories}>
      <ul class="states">
        <li><a href="/admin/stories" aria-current={props.state ? undefined : 'page'}>{s.all}</a></li>
        {shownStates.map((state) => <li><a href={`/admin/stories?state=${state}`} aria-current={props.state === state ? 'page' : undefined}>{s.states[state] ?? state}</a></li>)}
      </ul>
      <StoryTable view={view} stories={props.stories} back={back} />
    </AdminLayout>
  );
}

/** One story: where it stands, why, its links, its actions and its audit entries. */
export function StoryPage(props: { view: AdminView; story: StorySummary; segments: StorySegment[]; revisions: StoryRevision[]; publicUrl: string | null; audit: AuditEntry[] }) {
  const { view, story } = props;
  const s = view.strings;
  return (
    <AdminLayout view={view} title={story.title}>
      <dl class="facts">
        <dt>#</dt><dd>{story.id}</dd>
        <dt>{s.campaign}</dt><dd>{story.campaignId}</dd>
        <dt>{s.state}</dt><dd>{s.states[story.state] ?? story.state}</dd>
        {story.reason ? <><dt>{s.reason}</dt><dd>[{story.stage}] {story.reason}</dd></> : null}
        <dt>{s.updated}</dt><dd><When at={story.updatedAt} view={view} /></dd>
        <dt>{s.original}</dt><dd><a href={story.url} rel="noreferrer">{story.url}</a></dd>
        {props.publicUrl ? <><dt>{s.publicPage}</dt><dd><a href={props.publicUrl}>{props.publicUrl}</a></dd></> : null}
      </dl>
      <h2>{s.actions}</h2>
      <p><StoryActions view={view} story={story} back={`/admin/stories/${story.id}`} /></p>
      {props.segments.length > 0 ? <Segments view={view} storyId={story.id} segments={props.segments} /> : null}
      {props.revisions.length > 1 ? <Revisions view={view} revisions={props.revisions} /> : null}
      <h2>{s.audit}</h2>
      <AuditTable strings={s} view={view} entries={props.audit} />
    </AdminLayout>
  );
}

// Every version of the source after the first, as what changed from the one before: words removed
// struck through, words added underlined (the HTML elements say so to assistive technology too).
function Revisions(props: { view: AdminView; revisions: StoryRevision[] }) {
  const s = props.view.strings;
  const later = props.revisions.slice(1).reverse();
  return (
    <>
      <h2>{s.revisions}</h2>
      {later.map((revision) => {
        const earlier = props.revisions.find((candidate) => candidate.n === revision.n - 1)!;
        return (
          <section class="revision">
            <h3>
              {s.revisionNumber(revision.n)} — <When at={revision.fetchedAt} view={props.view} />
            </h3>
            <p class="diff">
              {diffWords(`${earlier.title}\n\n${earlier.text}`, `${revision.title}\n\n${revision.text}`).map((part) =>
                part.kind === 'added' ? <ins>{part.text}</ins> : part.kind === 'removed' ? <del>{part.text}</del> : part.text,
              )}
            </p>
          </section>
        );
      })}
    </>
  );
}

// Each source sentence beside its translation, which an editor can rewrite (a human translation from then on).
function Segments(props: { view: AdminView; storyId: number; segments: StorySegment[] }) {
  const s = props.view.strings;
  return (
    <>
      <h2>{s.segments}</h2>
      <table>
        <thead><tr><th>#</th><th>{s.sourceText}</th><th>{s.translationText}</th></tr></thead>
        <tbody>
          {props.segments.map((segment) => (
            <tr>
              <td class="n">{segment.n}</td>
              <td>{segment.source}</td>
              <td>
                <form class="inline segment" method="post" action={`/admin/stories/${props.storyId}/segments/${segment.n}`}>
                  <input type="hidden" name="csrf" value={props.view.csrfToken} />
                  <input type="hidden" name="back" value={`/admin/stories/${props.storyId}`} />
                  <textarea name="text" rows={2} cols={60} aria-label={`${s.translationText} ${segment.n}`}>{segment.translation}</textarea>
                  <button type="submit">{s.save}</button>
                </form>
                {segment.origin === 'human' ? <span class="meta"> {s.humanTranslation}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Characters sent per engine per day, and the translation memory's hit rate. */
export function EnginesPage(props: { view: AdminView; usage: EngineUsageDay[]; memory: MemoryUsage[]; problems: EngineProblemRecord[] }) {
  const { view } = props;
  const s = view.strings;
  const percent = new Intl.NumberFormat(view.language, { style: 'percent', maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(view.language);
  return (
    <AdminLayout view={view} title={s.engines}>
      <table>
        <thead><tr><th>{s.day}</th><th>{s.engine}</th><th class="n">{s.characters}</th><th class="n">{s.requests}</th></tr></thead>
        <tbody>{props.usage.map((day) => <tr><td>{day.day}</td><td>{day.engine}</td><td class="n">{count.format(day.characters)}</td><td class="n">{count.format(day.requests)}</td></tr>)}</tbody>
      </table>
      <h2>{s.memory}</h2>
      <table>
        <thead><tr><th>{s.engine}</th><th></th><th class="n">{s.entries}</th><th class="n">{s.memoryHitRate}</th></tr></thead>
        <tbody>{props.memory.map((entry) => <tr><td>{entry.engine}</td><td>{entry.from}→{entry.to}</td><td class="n">{count.format(entry.entries)}</td><td class="n">{entry.hitRate === null ? '—' : percent.format(entry.hitRate)}</td></tr>)}</tbody>
      </table>
      <h2>{s.engineProblems}</h2>
      <EngineProblems view={props.view} problems={props.problems} />
    </AdminLayout>
  );
}

function AuditTable(props: { strings: AdminStrings; view: AdminView; entries: AuditEntry[] }) {
  const s = props.strings;
  if (props.entries.length === 0) return <p>{s.none}</p>;
  return (
    <table>
      <thead><tr><th>{s.when}</th><th>{s.who}</th><th>{s.what}</th><th>{s.story}</th><th>{s.detail}</th></tr></thead>
      <tbody>
        {props.entries.map((entry) => (
          <tr><td><When at={entry.at} view={props.view} /></td><td>{entry.actor}</td><td>{entry.action}</td><td>{entry.storyId !== undefined ? <a href={`/admin/stories/${entry.storyId}`}>{entry.storyId}</a> : '—'}</td><td>{entry.detail ?? ''}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who did what, newest first. */
export function AuditPage(props: { view: AdminView; entries: AuditEntry[] }) {
  return (
    <AdminLayout view={props.view} title={props.view.strings.audit}>
      <AuditTable strings={props.view.strings} view={props.view} entries={props.entries} />
    </AdminLayout>
  );
}
