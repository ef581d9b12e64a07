/**
 * Who may see what, in Teams: the conversation's members (asked of the Bot Connector),
 * guests only where they are, other tenants and other channels refused at the door, a
 * person without an Entra object id refused, and a failed member lookup a denial.
 */
import { cardText } from '../support/teamsCards';
import { messageActivity, postActivity, TeamsConversation, TeamsUser } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { fileSeedInTeams } from '../support/teamsForm';
import { seedTitle } from '../fixtures/seedRaw';
import { T } from '../../src/teams/strings';

const MEMBER = { id: '29:member', aadObjectId: '00000000-0000-0000-0000-0000000000b1', name: '同じチャンネルの職員' };
const OUTSIDER = { id: '29:outsider', aadObjectId: '00000000-0000-0000-0000-0000000000b2', name: '他課職員' };
const GUEST = { id: '29:guest', aadObjectId: '00000000-0000-0000-0000-0000000000b3', name: 'ゲスト' };
const SECRETARIAT = { id: '29:secretariat', aadObjectId: '00000000-0000-0000-0000-0000000000c1', name: '事務局' };
const personal = (user: { aadObjectId: string }) => ({ id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: 'tenant-1' });
const OTHER_CHANNEL = { id: '19:other-channel@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' };

describe('who may see what in Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({
      env: { TEAMS_LOCAL_MODE: 'true', TEAMS_ALLOWED_TENANTS: 'tenant-1' },
      org: { secretariat: { slack: [], teams: [SECRETARIAT.aadObjectId] } },
    });
    await fileSeedInTeams(t);
    t.connector.setMembers(TeamsConversation.id, [
      { aadObjectId: TeamsUser.aadObjectId },
      { aadObjectId: MEMBER.aadObjectId },
      { aadObjectId: GUEST.aadObjectId, userRole: 'guest' },
      { aadObjectId: SECRETARIAT.aadObjectId },
    ]);
    t.connector.setMembers(OTHER_CHANNEL.id, [{ aadObjectId: OUTSIDER.aadObjectId }, { aadObjectId: GUEST.aadObjectId, userRole: 'guest' }]);
  });
  afterEach(async () => t.stop());

  /** What the bot answers `text` with, as text (card or plain message). */
  async function answer(text: string, from: object, conversation: object, extra: Record<string, unknown> = {}): Promise<string | null> {
    const before = t.connector.calls().length;
    const res = await postActivity(t.url, {
      ...messageActivity(text, t.as({ from: from as typeof TeamsUser, conversation: conversation as typeof TeamsConversation })),
      ...extra,
    });
    expect(res.status).toBeLessThan(300);
    const reply = t.connector
      .calls()
      .slice(before)
      .find((c) => (c.kind === 'reply' || c.kind === 'send') && c.body?.type === 'message');
    if (!reply) return null;
    return reply.body.attachments?.length ? cardText(reply.body.attachments[0].content) : String(reply.body.text);
  }

  // The seed's 審議希望日 are in the past (H21): 一覧 lists it, 日程 and 期限 share the same rule (tested in Slack).
  it('shows 一覧 to whom it may, where it may', async () => {
    // who, from where, sees the seed request?
    const table: [string, object, object, boolean][] = [
      ['filer, in personal chat', TeamsUser, personal(TeamsUser), true],
      ['member of the channel it was posted in, in personal chat', MEMBER, personal(MEMBER), true],
      ['someone not in that channel', OUTSIDER, OTHER_CHANNEL, false],
      ['someone not in that channel, in personal chat', OUTSIDER, personal(OUTSIDER), false],
      ['guest, in the channel it was posted in', GUEST, TeamsConversation, true],
      ['guest, in another channel they are in', GUEST, OTHER_CHANNEL, false],
      ['secretariat, anywhere', SECRETARIAT, personal(SECRETARIAT), true],
    ];
    for (const [who, from, conversation, sees] of table) {
      const text = (await answer('一覧', from, conversation)) ?? '';
      expect({ who, sees: text.includes(seedTitle) || text.includes('R8-001') }).toEqual({ who, sees });
    }
  });

  it('refuses another tenant, another channel than Teams and a person without an Entra id', async () => {
    const foreign = { id: '19:their-channel@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-2' };
    expect(
      await answer('一覧', { id: '29:them', aadObjectId: '00000000-0000-0000-0000-0000000000f1' }, foreign, {
        channelData: { tenant: { id: 'tenant-2' } },
      }),
    ).toBe(T.denied.external_user);
    expect(await answer('一覧', { id: '29:anon', name: '匿名' }, TeamsConversation)).toBe(T.denied.no_identity);
    expect(await answer('一覧', TeamsUser, TeamsConversation, { channelId: 'webchat' })).toBeNull();
    // Nothing about the request left the bot in any of these.
    for (const c of t.connector.calls()) expect(JSON.stringify(c.body ?? '')).not.toContain('情報マネジメント推進計画の策定について(最終報告)');
  });

  it('denies, saying to try again, when the Bot Connector cannot tell who is a member', async () => {
    t.connector.failMembersNext(500, 10);
    expect(await answer('一覧', MEMBER, personal(MEMBER))).toBe(T.denied.lookup_failed);
  });
});
