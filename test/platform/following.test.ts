/**
 * A request followed on both platforms (issue 6): the org file links a Slack channel and
 * a Teams conversation to the same tier; a request filed in one is posted in the other,
 * and changes made on either side update both posts in place.
 */
import { seedRaw } from '../fixtures/seedRaw';
import { eventually } from '../support/eventually';
import { fileMinimalInSlack, ModalDriver } from '../support/modal';
import { blockActions, send } from '../support/slackRequests';
import { cardText, expectValidCard } from '../support/teamsCards';
import { TeamsDialog } from '../support/teamsDialog';
import { messageActivity, postActivity, TeamsUser } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { fileSeedInTeams } from '../support/teamsForm';
import { linkedConversations } from '../../src/app/following';
import { loadOrg } from '../../src/infra/config';
import { TEST_BOT_TOKEN, Workspace } from '../support/workspace';

const LINKED_SLACK = 'C0LINKED';
const LINKED_TEAMS = '19:kacho-channel@thread.tacv2';
/** A channel message in Teams arrives in a thread of the channel. */
const TEAMS_THREAD = { id: `${LINKED_TEAMS};messageid=1700000000001`, conversationType: 'channel', tenantId: 'tenant-1' };
const SECRETARIAT = { id: '29:secretariat', aadObjectId: '00000000-0000-0000-0000-0000000000s1', name: '事務局' };

function linkedOrg() {
  const base = loadOrg(undefined).org;
  return {
    tiers: base.tiers.map((tier) => (tier.id === 'kacho' ? { ...tier, channel: LINKED_SLACK, teamsConversation: LINKED_TEAMS } : tier)),
    secretariat: { slack: [], teams: [SECRETARIAT.aadObjectId] },
  };
}

/** Files in a Slack channel and waits for the post there. */
async function fileInChannel(t: TeamsTestApp, channel: string, title: string) {
  const request = await fileMinimalInSlack(t, { channel, title });
  await t.fake.waitFor('chat.postMessage', (c) => c.args.channel === channel);
  return request;
}

describe('linkedConversations', () => {
  const org = { ...loadOrg(undefined).org, ...linkedOrg() };
  it('links a tier’s Slack channel and Teams conversation both ways, threads belonging to their channel', () => {
    expect(linkedConversations(org, { platform: 'slack', channelId: LINKED_SLACK })).toEqual([{ platform: 'teams', channelId: LINKED_TEAMS }]);
    expect(linkedConversations(org, { platform: 'teams', channelId: TEAMS_THREAD.id })).toEqual([{ platform: 'slack', channelId: LINKED_SLACK }]);
    expect(linkedConversations(org, { platform: 'slack', channelId: 'C0001' })).toEqual([]);
    expect(linkedConversations(org, { platform: 'teams', channelId: '19:other@thread.tacv2' })).toEqual([]);
  });
});

describe('a request followed in Slack and Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({ org: linkedOrg() });
    // The bot has been used once in the linked Teams channel: it can post there later.
    await postActivity(t.url, messageActivity('ヘルプ', t.as({ conversation: TEAMS_THREAD })));
    await t.connector.waitFor((c) => c.kind === 'reply');
    t.connector.reset();
  });
  afterEach(async () => t.stop());

  it('posts a request filed in the linked Slack channel into the linked Teams channel; a Slack edit updates that card in place', async () => {
    const request = await fileInChannel(t, LINKED_SLACK, 'Slackで申し込んだ連携案件');
    const sent = await t.connector.waitFor((c) => c.kind === 'send');
    expect(sent.conversationId).toBe(LINKED_TEAMS);
    const card = sent.body.attachments[0].content;
    expectValidCard(card);
    expect(cardText(card)).toContain('Slackで申し込んだ連携案件');
    expect(cardText(card)).toContain(request.caseNo);
    await eventually(async () => expect(await t.app.db.repositories.posts.listFor(request.id)).toHaveLength(2));
    const posts = await t.app.db.repositories.posts.listFor(request.id);
    expect(posts.map((p) => [p.platform, p.channelId]).sort()).toEqual([
      ['slack', LINKED_SLACK],
      ['teams', LINKED_TEAMS],
    ]);
    const teamsPost = posts.find((p) => p.platform === 'teams')!;
    expect(teamsPost.messageId).toBe(sent.id);

    // The filer edits it in Slack: the Teams card is updated (PUT), not posted again.
    const message = t.fake.calls('chat.postMessage').find((c) => c.args.channel === LINKED_SLACK)!;
    const before = t.fake.calls('views.open').length;
    await send(
      t.url,
      blockActions({
        actions: [{ action_id: 'request.edit' }],
        message: { ts: message.response.ts, blocks: message.args.blocks },
        channel: LINKED_SLACK,
      }),
    );
    const open = await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
    const m = new ModalDriver(t, t.fake.view(open.response.view.id)!);
    await m.submitConfirming({ title: 'Slackで直した連携案件' });
    await m.submit({});
    await m.submit({});
    const update = await t.connector.waitFor((c) => c.kind === 'update');
    expect(update).toMatchObject({ conversationId: LINKED_TEAMS, activityId: teamsPost.messageId });
    expect(cardText(update.body.attachments[0].content)).toContain('Slackで直した連携案件');
    expect(t.connector.calls('send')).toHaveLength(1);
  });

  it('posts a request filed in the linked Teams channel into the linked Slack channel; a Teams edit updates that message', async () => {
    await fileSeedInTeams(t, seedRaw(), TeamsUser, TEAMS_THREAD);
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    const post = await t.fake.waitFor('chat.postMessage', (c) => c.args.channel === LINKED_SLACK);
    expect(JSON.stringify(post.args.blocks)).toContain(request.caseNo);
    await eventually(async () =>
      expect((await t.app.db.repositories.posts.listFor(request.id)).map((p) => p.platform).sort()).toEqual(['slack', 'teams']),
    );
    // Posted once on each side: the Slack post does not bounce back into Teams.
    expect(t.connector.calls().filter((c) => c.kind === 'send' || (c.kind === 'reply' && c.body.attachments?.[0]?.content?.body))).toHaveLength(1);

    const d = await TeamsDialog.open(t.url, { verb: 'request.edit', requestId: request.id }, t.as({ conversation: TEAMS_THREAD }));
    await d.press('次へ', { title: 'Teamsで直した連携案件' });
    await d.press('次へ');
    await d.press('更新する');
    const update = await t.fake.waitFor('chat.update', (c) => c.args.channel === LINKED_SLACK);
    expect(JSON.stringify(update.args.blocks)).toContain('Teamsで直した連携案件');
  });

  it('posts nothing on the other platform for a channel no tier links', async () => {
    const request = await fileInChannel(t, 'C0001', '連携しない案件');
    await eventually(async () => expect((await t.app.db.repositories.posts.listFor(request.id)).map((p) => p.platform)).toEqual(['slack']));
    expect(t.connector.calls('send')).toHaveLength(0);
  });

  it('files in Slack without a Teams post when the bot was never used in the linked Teams channel, and says why in the log', async () => {
    expect(await t.app.db.repositories.conversations.get('teams', LINKED_TEAMS)).not.toBeNull();
    const other = await startTeamsTestApp({ org: linkedOrg() });
    try {
      const request = await fileInChannel(other, LINKED_SLACK, '参照のない連携案件');
      await eventually(async () => expect((await other.app.db.repositories.posts.listFor(request.id)).map((p) => p.platform)).toEqual(['slack']));
      expect(other.connector.calls('send')).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });

  it('reposts a deleted Slack message and keeps the one Teams card rather than posting another', async () => {
    const request = await fileInChannel(t, LINKED_SLACK, '再投稿される連携案件');
    const card = await t.connector.waitFor((c) => c.kind === 'send');
    await eventually(async () => expect(await t.app.db.repositories.posts.listFor(request.id)).toHaveLength(2));
    const first = t.fake.calls('chat.postMessage').find((c) => c.args.channel === LINKED_SLACK)!;
    // Someone deleted the Slack message; 再投稿 (here from the filer's DM) posts it again.
    await fetch(`${t.fake.url}chat.delete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: LINKED_SLACK, ts: first.response.ts }),
    });
    await send(
      t.url,
      blockActions({
        actions: [{ action_id: 'request.repost', block_id: `repost.${request.id}`, value: request.id }],
        message: { ts: '1700000000.999999', blocks: [] },
        channel: Workspace.userId,
      }),
    );
    expect(await t.app.settled()).toBe(true);
    const slackPosts = t.fake.calls('chat.postMessage').filter((c) => c.args.channel === LINKED_SLACK && c.response.ok);
    expect(slackPosts).toHaveLength(2);
    // Teams: the card already there stays the request's card; no second one.
    expect(t.connector.calls('send')).toHaveLength(1);
    const posts = await t.app.db.repositories.posts.listFor(request.id);
    expect(posts.map((p) => [p.platform, p.messageId]).sort()).toEqual([
      ['slack', slackPosts[1].response.ts],
      ['teams', card.id],
    ]);
  });
});
