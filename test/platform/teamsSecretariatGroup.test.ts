/**
 * 庁議事務局 from an Entra ID group (secretariat.teamsGroup), over HTTP: the app reads the
 * group's users from (fake) Microsoft Graph with the app-only token, every page, keeps
 * them five minutes, and when Graph will not answer (404, 403) counts only the org
 * file's list, says so to that secretariat and logs what to fix.
 */
import { seedMeeting } from '../fixtures/seedMeeting';
import type { Logger } from '../../src/infra/logger';
import { startFakeGraph, type FakeGraph } from '../support/fakeGraph';
import { cardText } from '../support/teamsCards';
import { messageActivity, postActivity, TeamsConversation } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { postedSeedInTeams } from '../support/teamsForm';
import { cardOf, currentRequestCard, mustOpen, openDialog, teamsPerson, type TeamsPerson } from '../support/teamsMeeting';
import type { ConnectorCall } from '../support/fakeConnector';
import { teamsSecretariatGroup } from '../../src/teams/entraGroup';
import { createGraphClient } from '../../src/teams/reminders';

const GROUP = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const LISTED = teamsPerson('group-listed', '事務局 一郎');
const MEMBER = teamsPerson('group-member', '事務局 二郎');
const OTHERS = [teamsPerson('group-a', 'A'), teamsPerson('group-b', 'B')];
const personal = (p: TeamsPerson) => ({ id: `a:personal-${p.id}`, conversationType: 'personal', tenantId: 'tenant-1' });

describe('庁議事務局 from an Entra group in Teams', () => {
  let t: TeamsTestApp;
  let graph: FakeGraph;
  let warnings: string[];

  async function start(group: string) {
    // Two users a page: the group's three users come in two pages.
    graph = await startFakeGraph({ calls: (kind) => t.connector.calls(kind) }, { pageSize: 2 });
    graph.setGroup(GROUP, [OTHERS[0].aadObjectId, MEMBER.aadObjectId, OTHERS[1].aadObjectId]);
    warnings = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (msg, fields) => void warnings.push(`${msg} ${JSON.stringify(fields ?? {})}`) };
    t = await startTeamsTestApp({
      now: '2009-04-10T01:00:00Z',
      org: { secretariat: { slack: [], teams: [LISTED.aadObjectId], teamsGroup: group } },
      teams: {
        graph: { clientId: 'chogi-app', clientSecret: 'client-secret-value', tenantId: 'tenant-1', graphUrl: graph.url, loginUrl: graph.url },
      },
      logger,
    });
  }
  afterEach(async () => {
    await t.stop();
    await graph.close();
  });

  async function say(p: TeamsPerson, text: string): Promise<ConnectorCall> {
    const before = t.connector.calls().length;
    const res = await postActivity(t.url, messageActivity(text, t.as({ from: p, conversation: personal(p) })));
    expect(res.status).toBeLessThan(300);
    return t.connector.waitFor((c) => t.connector.calls().indexOf(c) >= before && (c.kind === 'reply' || c.kind === 'send'));
  }
  const replyText = (c: ConnectorCall) => (cardOf(c) ? cardText(cardOf(c)!) : String(c.body?.text ?? ''));

  it('lets a member of the group open 名簿 and record a result, and not once removed and the five minutes are over', async () => {
    await start(GROUP);
    const roster = await say(MEMBER, '名簿');
    expect(replyText(roster)).toContain('出席者名簿');
    expect(replyText(roster)).not.toContain('庁議事務局だけです');
    const lists = graph.requests((r) => r.method === 'GET' && r.path.startsWith(`/v1.0/groups/${GROUP}/`));
    expect(lists.map((r) => r.status)).toEqual([200, 200]);
    expect(lists[0].path).toBe(`/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user`);

    const { request, post } = await postedSeedInTeams(t);
    const card = () => currentRequestCard(t, post.messageId);
    const result = await mustOpen(t, card(), '結果記録', t.as({ from: MEMBER, conversation: { id: TeamsConversation.id } }));
    const saved = await result.press('記録する', { result: seedMeeting.result });
    expect(saved.message).toContain(`案件 ${request.caseNo} の関係課長会議の結果を記録しました`);
    expect((await t.app.db.repositories.reviews.get(request.id, 'kacho'))?.review.result).toBe(seedMeeting.result);

    // Removed from the group: still the secretariat while the list is kept, not after.
    graph.setGroup(GROUP, [OTHERS[0].aadObjectId, OTHERS[1].aadObjectId]);
    expect(replyText(await say(MEMBER, '名簿'))).not.toContain('庁議事務局だけです');
    t.clock.advance(6 * 60_000);
    expect(replyText(await say(MEMBER, '名簿'))).toContain('出席者名簿を変更できるのは庁議事務局だけです');
    expect((await openDialog(t, card(), '結果記録', t.as({ from: MEMBER }))).message).toBe('結果を記録できるのは庁議事務局だけです。');
    // The org file's list is the secretariat whatever the group says.
    expect(replyText(await say(LISTED, '名簿'))).not.toContain('庁議事務局だけです');
  });

  it('counts only the org file when the permission is not granted (403), and says so to that secretariat', async () => {
    await start(GROUP);
    graph.revoke('GroupMember.Read.All');
    const refused = replyText(await say(MEMBER, '名簿'));
    expect(refused).toContain('庁議事務局のグループ（Entra ID）を読み取れなかった');
    expect(refused).toContain('GroupMember.Read.All');
    expect(warnings.join('\n')).toContain('GroupMember.Read.All is not granted');

    const listed = replyText(await say(LISTED, '名簿'));
    expect(listed).toContain('出席者名簿');
    expect(listed).toContain('庁議事務局のグループ（Entra ID）を読み取れません');
    const home = replyText(await say(LISTED, 'ホーム'));
    expect(home).toContain('次の会議と案件');
    expect(home).toContain('庁議事務局のグループ（Entra ID）を読み取れません');
  });

  it('counts only the org file when the group does not exist (404), and logs which group', async () => {
    const unknown = 'ffffffff-0000-4000-8000-000000000000';
    await start(unknown);
    expect(replyText(await say(MEMBER, '名簿'))).toContain('secretariat.teamsGroup');
    expect(warnings.join('\n')).toContain(`Entra group ${unknown} not found (404)`);
    expect(replyText(await say(LISTED, '名簿'))).toContain('庁議事務局のグループ（Entra ID）を読み取れません');
    // Once the group exists, it counts (a failure is not kept).
    graph.setGroup(unknown, [MEMBER.aadObjectId]);
    const roster = replyText(await say(MEMBER, '名簿'));
    expect(roster).toContain('出席者名簿');
    expect(roster).not.toContain('読み取れ');
  });

  it('gives up on a Graph that does not answer within the timeout, naming the problem', async () => {
    await start(GROUP);
    graph.hang();
    // The group read alone, with a short timeout (the app's is 5 s).
    const client = createGraphClient({
      clientId: 'chogi-app',
      clientSecret: 's',
      tenantId: 'tenant-1',
      graphUrl: graph.url,
      loginUrl: graph.url,
      timeoutMs: 100,
    });
    await expect(teamsSecretariatGroup(client, GROUP, 'tenant-1').members()).rejects.toThrow(/could not be reached/);
    graph.answer();
    await expect(teamsSecretariatGroup(client, GROUP, 'tenant-1').members()).resolves.toEqual(
      new Set([OTHERS[0].aadObjectId, MEMBER.aadObjectId, OTHERS[1].aadObjectId]),
    );
    await expect(teamsSecretariatGroup(null, GROUP, 'tenant-1').members()).rejects.toThrow(/Microsoft Graph is not configured/);
  });
});
