/**
 * Proves the platform-test harness against a minimal Bolt app: signed requests reach
 * the app, unsigned ones do not, and the fake Slack answers the Web API as Slack does.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel, webApi } from '@slack/bolt';
import { assertMessageWithinLimits, assertModalWithinLimits, assertNoUnescapedUserText, type BlockJson } from '../support/blockKit';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { blockActions, blockSuggestion, send, slashCommand, stateFromView, viewSubmission, type SlackRequest } from '../support/slackRequests';
import { testLogger } from '../support/testLogger';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, Workspace } from '../support/workspace';

const option = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });

function requestModal(channelId: string): BlockJson {
  return {
    type: 'modal',
    callback_id: 'request_form',
    private_metadata: channelId,
    title: { type: 'plain_text', text: '案件申込' },
    submit: { type: 'plain_text', text: '申込' },
    close: { type: 'plain_text', text: 'キャンセル' },
    blocks: [
      {
        type: 'input',
        block_id: 'title',
        label: { type: 'plain_text', text: '件名' },
        element: { type: 'plain_text_input', action_id: 'title', max_length: 100 },
      },
      {
        type: 'input',
        block_id: 'department',
        label: { type: 'plain_text', text: '担当課' },
        element: {
          type: 'static_select',
          action_id: 'department',
          options: [option('総務課', 'soumu'), option('企画課', 'kikaku')],
          initial_option: option('総務課', 'soumu'),
        },
      },
      {
        type: 'input',
        block_id: 'meeting_date',
        optional: true,
        label: { type: 'plain_text', text: '希望日' },
        element: { type: 'datepicker', action_id: 'meeting_date' },
      },
      {
        type: 'input',
        block_id: 'related',
        optional: true,
        label: { type: 'plain_text', text: '関連案件' },
        element: { type: 'external_select', action_id: 'related', min_query_length: 1 },
      },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: { type: 'plain_text', text: '備考' },
        element: { type: 'plain_text_input', action_id: 'note', multiline: true, initial_value: '特になし' },
      },
      {
        type: 'actions',
        block_id: 'tools',
        elements: [{ type: 'button', action_id: 'preview', text: { type: 'plain_text', text: 'プレビュー' }, value: 'p1' }],
      },
    ],
  };
}

function oversizedModal(): BlockJson {
  return {
    ...requestModal('C0001'),
    blocks: Array.from({ length: 101 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `行 ${i}` } })),
  };
}

let fake: FakeSlack;
let app: App;
const logger = testLogger();
let appUrl: string;
const seen = { retryNums: [] as Array<number | undefined>, submissions: [] as BlockJson[], apiErrors: [] as string[], clicks: [] as string[] };

beforeAll(async () => {
  fake = await startFakeSlack();
  app = new App({
    token: TEST_BOT_TOKEN,
    signingSecret: TEST_SIGNING_SECRET,
    logger,
    // The default policy backs off 1-2 s after a 429 even with Retry-After: 0.
    clientOptions: { slackApiUrl: fake.url, retryConfig: webApi.retryPolicies.rapidRetryPolicy },
  });

  app.command('/案件申込', async ({ ack, body, client, context, respond }) => {
    await ack();
    seen.retryNums.push(context.retryNum);
    if (body.text === 'help') {
      await respond({ response_type: 'ephemeral', text: '使い方: /案件申込' });
      return;
    }
    const view = body.text === 'big' ? oversizedModal() : requestModal(body.channel_id);
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: view as never });
    } catch (err) {
      seen.apiErrors.push((err as { data?: { error?: string } }).data?.error ?? String(err));
      await client.chat.postEphemeral({ channel: body.channel_id, user: body.user_id, text: 'フォームを開けませんでした' });
    }
  });

  app.view('request_form', async ({ ack, view, client }) => {
    const values = view.state.values;
    const title = values.title.title.value?.trim();
    if (!title) {
      await ack({ response_action: 'errors', errors: { title: '件名を入力してください' } });
      return;
    }
    await ack();
    seen.submissions.push(values);
    await client.chat.postMessage({ channel: view.private_metadata, text: `受け付けました: ${title}` });
  });

  app.options('related', async ({ ack, payload }) => {
    await ack({ options: [option(`${payload.value}センター`, 'case-1')] as never });
  });

  app.action('preview', async ({ ack, action }) => {
    await ack();
    seen.clicks.push((action as { value?: string }).value ?? '');
  });

  const server = await app.start({ port: 0, host: '127.0.0.1' });
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Bolt calls auth.test from the App constructor; let it land before tests reset the fake.
  await fake.waitFor('auth.test');
});

afterAll(async () => {
  await app.stop();
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  seen.retryNums.length = 0;
  seen.submissions.length = 0;
  seen.apiErrors.length = 0;
  seen.clicks.length = 0;
  logger.clear();
});

const triggerOf = (req: SlackRequest): string => req.payload.trigger_id;

/** Runs the command and returns the modal as Slack now holds it. */
async function openRequestModal() {
  const command = slashCommand({ text: '' });
  await send(appUrl, command);
  const open = await fake.waitFor('views.open', (c) => c.args.trigger_id === triggerOf(command));
  const view = fake.view(open.response.view.id);
  if (!view) throw new Error('the fake did not keep the opened view');
  return view;
}

describe('signed requests', () => {
  it('answers a signed slash command with 200 and opens the modal with its trigger_id', async () => {
    const command = slashCommand({ command: '/案件申込', text: '' });
    const res = await send(appUrl, command);

    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const open = await fake.waitFor('views.open', (c) => c.args.trigger_id === triggerOf(command));
    expect(open.token).toBe(TEST_BOT_TOKEN);
    expect(open.args.view.callback_id).toBe('request_form');
    expect(open.args.team_id).toBe(Workspace.teamId);
    expect(open.response).toMatchObject({ ok: true, view: { id: expect.stringMatching(/^V\d{4}$/), hash: expect.any(String) } });
  });

  it('refuses a request signed with the wrong secret with 401 and makes no API call', async () => {
    const forged = slashCommand({ text: '' });
    const res = await send(appUrl, forged, { wrongSecret: true });
    expect(res.status).toBe(401);
    expect(fake.calls()).toEqual([]);

    // A genuine request afterwards is the barrier: once its call arrives, the forged one had its chance.
    const genuine = slashCommand({ text: '' });
    await send(appUrl, genuine);
    await fake.waitFor('views.open', (c) => c.args.trigger_id === triggerOf(genuine));
    expect(fake.calls('views.open').map((c) => c.args.trigger_id)).toEqual([triggerOf(genuine)]);
  });

  it('refuses a request whose timestamp is more than five minutes old with 401', async () => {
    const res = await send(appUrl, slashCommand({ text: '' }), { oldTimestamp: true });
    expect(res.status).toBe(401);
    expect(fake.calls()).toEqual([]);
  });

  it('passes Slack redelivery headers through to the listener context', async () => {
    const command = slashCommand({ text: '' });
    await send(appUrl, command, { retryNum: 1, retryReason: 'http_timeout' });
    await fake.waitFor('views.open', (c) => c.args.trigger_id === triggerOf(command));
    expect(seen.retryNums).toEqual([1]);
  });

  it('records respond() posts to the response_url', async () => {
    const command = slashCommand({ text: 'help' });
    await send(appUrl, command);
    const reply = await fake.waitFor('response_url');
    expect(reply.url).toBe(command.payload.response_url);
    expect(reply.args).toEqual({ response_type: 'ephemeral', text: '使い方: /案件申込' });
  });
});

describe('modals', () => {
  it('submits a modal filled in like a person would and the app receives the values', async () => {
    const view = await openRequestModal();
    const res = await send(
      appUrl,
      viewSubmission({
        view,
        fill: { title: '(仮称)市民会館の改修について', meeting_date: '2025-04-01', related: 'case-1' },
      }),
    );

    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const posted = await fake.waitFor('chat.postMessage');
    expect(posted.args).toMatchObject({ channel: Workspace.channelId, text: '受け付けました: (仮称)市民会館の改修について' });
    expect(seen.submissions[0]).toEqual({
      title: { title: { type: 'plain_text_input', value: '(仮称)市民会館の改修について' } },
      department: {
        department: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: '総務課', emoji: true }, value: 'soumu' } },
      },
      meeting_date: { meeting_date: { type: 'datepicker', selected_date: '2025-04-01' } },
      related: {
        related: { type: 'external_select', selected_option: { text: { type: 'plain_text', text: 'case-1', emoji: true }, value: 'case-1' } },
      },
      note: { note: { type: 'plain_text_input', value: '特になし' } },
    });
  });

  it("returns the app's response_action errors as the JSON body of the ack", async () => {
    const view = await openRequestModal();
    expect(() => stateFromView(view)).toThrow(/required input "件名" is empty/);

    const res = await send(appUrl, viewSubmission({ view, fill: { title: '   ' } }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response_action: 'errors', errors: { title: '件名を入力してください' } });
  });

  it('refuses an option the select does not offer, as a person could not pick it', async () => {
    const view = await openRequestModal();
    expect(() => stateFromView(view, { title: 'x', department: 'jinji' })).toThrow(/no option with value "jinji"/);
    expect(() => stateFromView(view, { titel: 'x' })).toThrow(/no element for "titel"/);
  });

  it('answers external select option requests with the JSON the app acks', async () => {
    const view = await openRequestModal();
    const res = await send(appUrl, blockSuggestion({ action_id: 'related', value: '市民', view }));
    expect(res.body).toEqual({ options: [option('市民センター', 'case-1')] });
  });

  it('delivers a button click in a modal with the block_id and value read from the view', async () => {
    const view = await openRequestModal();
    const click = blockActions({ view, actions: [{ action_id: 'preview' }] });
    expect(click.payload.actions[0]).toMatchObject({ type: 'button', block_id: 'tools', value: 'p1' });
    expect((await send(appUrl, click)).status).toBe(200);
    expect(seen.clicks).toEqual(['p1']);
  });

  it('refuses a modal over Block Kit limits with invalid_arguments, as Slack does', async () => {
    await send(appUrl, slashCommand({ text: 'big' }));
    const open = await fake.waitFor('views.open');
    expect(open.response).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(open.response.response_metadata.messages).toContain('[ERROR] no more than 100 items allowed (got 101) [json-pointer:/view/blocks]');
    // The app's apology is the barrier: by then it has seen the error.
    await fake.waitFor('chat.postEphemeral');
    expect(seen.apiErrors).toEqual(['invalid_arguments']);
    // web-api logs each response_metadata message itself, at error level.
    expect(logger.text(LogLevel.ERROR)).toContain('no more than 100 items allowed');
  });
});

describe('Block Kit assertions', () => {
  it('catch a modal with 101 blocks', () => {
    expect(() => assertModalWithinLimits(oversizedModal())).toThrow(/view\.blocks: no more than 100 items allowed \(got 101\)/);
  });

  it('catch a 25-character title and name the field', () => {
    const view = { ...requestModal('C0001'), title: { type: 'plain_text', text: 'あ'.repeat(25) } };
    expect(() => assertModalWithinLimits(view)).toThrow(/view\.title: must be less than 25 characters \(got 25\)/);
  });

  it('name the offending block in a message', () => {
    const blocks = [
      { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } },
      {
        type: 'actions',
        block_id: 'summary',
        elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'ok' }, value: 'v'.repeat(2001) }],
      },
    ];
    expect(() => assertMessageWithinLimits(blocks, 'fallback')).toThrow(/blocks\[0\] section "summary": must be less than 3001 characters/);
    expect(() => assertMessageWithinLimits(blocks, 'fallback')).toThrow(/duplicate block_id "summary"/);
    expect(() => assertMessageWithinLimits(blocks, 'fallback')).toThrow(
      /blocks\[1\] actions "summary" > button "a": must be less than 2001 characters/,
    );
  });

  it('catch user text that reaches Slack unescaped', () => {
    const raw = [{ type: 'section', text: { type: 'mrkdwn', text: '件名: <!channel> 至急' } }];
    const escaped = [{ type: 'section', text: { type: 'mrkdwn', text: '件名: &lt;!channel&gt; 至急' } }];
    expect(() => assertNoUnescapedUserText(raw)).toThrow(/<!channel>/);
    expect(() => assertNoUnescapedUserText(escaped)).not.toThrow();
  });
});

describe('fake Web API', () => {
  it('keeps views by id and answers a stale hash with hash_conflict', async () => {
    const view = await openRequestModal();
    const next = { ...requestModal('C0001'), private_metadata: 'v2' };
    const updated = await app.client.views.update({ view_id: view.id, hash: view.hash, view: next as never });
    expect(updated.view?.hash).not.toBe(view.hash);
    await expect(app.client.views.update({ view_id: view.id, hash: view.hash, view: next as never })).rejects.toMatchObject({
      data: { ok: false, error: 'hash_conflict' },
    });
  });

  it('fails the next call once on request, then behaves again', async () => {
    fake.failNext('chat.postMessage', 'not_in_channel');
    await expect(app.client.chat.postMessage({ channel: 'C0001', text: 'a' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    const ok = await app.client.chat.postMessage({ channel: 'C0001', text: 'b' });
    const again = await app.client.chat.postMessage({ channel: 'C0001', text: 'c' });
    expect(ok.ts).toMatch(/^1700000000\.\d{6}$/);
    expect(Number(again.ts)).toBeGreaterThan(Number(ok.ts));
    const link = await app.client.chat.getPermalink({ channel: 'C0001', message_ts: ok.ts as string });
    expect(link.permalink).toBe(`https://example.slack.com/archives/C0001/p${(ok.ts as string).replace('.', '')}`);
  });

  it('answers 429 with Retry-After once; the Web API client waits and retries', async () => {
    fake.rateLimitNext('chat.postMessage', 0);
    const res = await app.client.chat.postMessage({ channel: 'C0001', text: 'x' });
    expect(res.ok).toBe(true);
    expect(fake.calls('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
  });

  it('describes channels as tests set them up', async () => {
    fake.setChannel('C0EXT', { is_ext_shared: true, name: '他団体共有' });
    fake.setChannel('C0GONE', { notFound: true });
    fake.setChannel('C0OLD', { is_archived: true });
    const ext = await app.client.conversations.info({ channel: 'C0EXT' });
    expect(ext.channel).toMatchObject({ id: 'C0EXT', is_ext_shared: true, is_shared: true, name: '他団体共有' });
    await expect(app.client.conversations.info({ channel: 'C0GONE' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(app.client.chat.postMessage({ channel: 'C0OLD', text: 'x' })).rejects.toMatchObject({ data: { error: 'is_archived' } });
  });

  it('decodes form-encoded nested fields into objects and refuses invalid message blocks', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    await expect(app.client.chat.postMessage({ channel: 'C0001', text: 'x', blocks })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    expect(fake.last('chat.postMessage').args.blocks).toHaveLength(51);
  });
});
