/**
 * Drives a request's meeting day as people do in Slack: file the seed request, press the
 * buttons on its message and its thread posts, fill and submit the modals. Every view
 * and message the app sends is checked against Block Kit limits.
 */
import { seedRaw } from '../fixtures/seedRaw';
import type { TestApp } from './app';
import { assertMessageWithinLimits, assertModalWithinLimits, type BlockJson } from './blockKit';
import type { FakeCall } from './fakeSlack';
import { blockActions, send, slashCommand, viewSubmission, type Fill, type SlackResponse } from './slackRequests';
import { Workspace } from './workspace';
import { ModalDriver } from './modal';

export interface PostedRequest {
  requestId: string;
  channel: string;
  ts: string;
}

/** Files the seed request (its three pages, the first history row) and returns its post. */
export async function fileSeedRequest(t: TestApp, user: string = Workspace.userId): Promise<PostedRequest> {
  const cmd = slashCommand({ user_id: user });
  const trigger = new URLSearchParams(cmd.body).get('trigger_id');
  const opened = t.fake.waitFor('views.open', (c) => c.args.trigger_id === trigger);
  await send(t.url, cmd);
  // The modal driver enters the 審議希望日 as a person does (a choice, or その他の日 typed).
  const m = new ModalDriver(t, t.fake.view((await opened).response.view.id)!, user);
  const raw = seedRaw();
  const page = (fill: Fill) => m.submit(fill);
  const page1 = {
    filedOn: raw.filedOn,
    title: raw.title,
    owner: raw.owner,
    summary: raw.summary,
    points: raw.points,
    'desiredDates.kacho': raw.desiredDates.kacho,
    'desiredDates.kyoku': raw.desiredDates.kyoku,
  };
  // Warnings (a past or irregular 審議希望日) are confirmed by submitting again.
  await m.submitConfirming(page1);
  await page({
    ordinance: raw.ordinance,
    publicComment: raw.publicComment,
    publicCommentPeriod: raw.publicCommentPeriod,
    councilInfoKind: raw.councilInfoKind,
    councilInfoPeriod: raw.councilInfoPeriod,
  });
  const before = t.fake.calls('chat.postMessage').length;
  const res = await page({
    'history.0.date': raw.history[0].date,
    'history.0.meeting': raw.history[0].meeting,
    'history.0.content': raw.history[0].content,
  });
  if (res.body?.response_action !== 'clear') throw new Error(`filing failed: ${JSON.stringify(res.body)}`);
  const post = await t.fake.waitFor('chat.postMessage', () => t.fake.calls('chat.postMessage').length > before);
  const [stored] = await t.app.db.repositories.requests.listRecent(1);
  // The post reference is saved just after posting.
  for (let i = 0; i < 100 && (await t.app.db.repositories.posts.listFor(stored.id)).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  return { requestId: stored.id, channel: post.response.channel, ts: post.response.ts };
}

/** The message as it stands in the fake after posts and updates. */
export function currentMessage(t: TestApp, channel: string, ts: string): { ts: string; blocks: BlockJson[]; text: string; thread_ts?: string } {
  const m = t.fake.message(channel, ts);
  if (!m) throw new Error(`no message ${channel}/${ts}`);
  return { ts, blocks: m.blocks ?? [], text: m.text ?? '', ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}) };
}

/** Clicks a button on a message; resolves with the app's answer and the trigger used. */
export async function clickOn(
  t: TestApp,
  a: { channel: string; message: { ts: string; blocks: BlockJson[]; thread_ts?: string }; actionId: string; user: string; value?: string },
): Promise<{ res: SlackResponse; trigger: string }> {
  const req = blockActions({
    actions: [{ action_id: a.actionId, ...(a.value ? { value: a.value } : {}) }],
    message: a.message,
    channel: a.channel,
    user: a.user,
  });
  const res = await send(t.url, req);
  if (res.status !== 200) throw new Error(`block_actions answered ${res.status}`);
  return { res, trigger: req.payload.trigger_id };
}

/** Clicks a button that opens a modal and returns the modal as Slack holds it. */
export async function openFrom(t: TestApp, a: Parameters<typeof clickOn>[1]): Promise<BlockJson> {
  const { trigger } = await clickOn(t, a);
  const call = await t.fake.waitFor('views.open', (c) => c.args.trigger_id === trigger);
  if (!call.response.ok) throw new Error(`views.open failed: ${JSON.stringify(call.response)}`);
  const view = t.fake.view(call.response.view.id)!;
  assertModalWithinLimits(view);
  return view;
}

export async function submitView(
  t: TestApp,
  view: BlockJson,
  fill: Fill,
  user: string,
  o: { clientValidation?: boolean } = {},
): Promise<SlackResponse> {
  const res = await send(t.url, viewSubmission({ view, fill, user, clientValidation: o.clientValidation }));
  if (res.status !== 200) throw new Error(`view_submission answered ${res.status}`);
  if (res.body?.response_action === 'update') assertModalWithinLimits(res.body.view);
  return res;
}

/** Messages the app posted into a thread, oldest first. */
export function threadPosts(t: TestApp, ts: string): FakeCall[] {
  return t.fake.calls('chat.postMessage').filter((c) => c.args.thread_ts === ts);
}

/** Ephemeral messages told to one person. */
export function ephemeralsTo(t: TestApp, user: string): FakeCall[] {
  return t.fake.calls('chat.postEphemeral').filter((c) => c.args.user === user);
}

/** Every message the app posted or updated is within Block Kit limits. */
export function assertAllMessagesWithinLimits(t: TestApp): void {
  for (const c of [...t.fake.calls('chat.postMessage'), ...t.fake.calls('chat.update'), ...t.fake.calls('chat.postEphemeral')]) {
    assertMessageWithinLimits(c.args.blocks, c.args.text);
  }
}

/** mrkdwn back to plain text: the entities Slack needs escaped, bold marks dropped. */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/\*/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
