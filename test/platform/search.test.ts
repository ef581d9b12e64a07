import { startTestApp, type TestApp } from '../support/app';
import { fileMinimalInSlack } from '../support/modal';
import { eventually } from '../support/eventually';
import { send, slashCommand } from '../support/slackRequests';
import { Workspace } from '../support/workspace';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { fileSeedInTeams } from '../support/teamsForm';
import { cardOf } from '../support/teamsMeeting';
import { cardText, expectValidCard } from '../support/teamsCards';
import { messageActivity, postActivity } from '../support/teamsActivities';

const SECRETARIAT = 'U0SECRET';
const OTHER = 'U0OTHER';

async function command(t: TestApp, text: string, user: string): Promise<string> {
  const before = t.fake.calls('response_url').length;
  await send(t.url, slashCommand({ text, user_id: user }));
  return String((await t.fake.waitFor('response_url', () => t.fake.calls('response_url').length > before)).args.text);
}

describe('/案件申込 検索 in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: '2026-11-24T01:00:00Z', org: { secretariat: { slack: [SECRETARIAT], teams: [] } } });
  });
  afterEach(async () => t.stop());

  it('finds partial Japanese words newest first with 状況 and links; others see only their own; bad queries are named', async () => {
    // OTHER is not in the channel the seed is posted in.
    t.fake.setChannel(Workspace.channelId, { members: [Workspace.userId, SECRETARIAT] });
    const seed = await fileMinimalInSlack(t); // the seed's title: (仮称)情報マネジメント推進計画の策定について(中間報告)
    await t.fake.waitFor('chat.postMessage');
    const before = t.fake.calls('chat.postMessage').length;
    const other = await fileMinimalInSlack(t, { title: '市民会館の改修計画について', user: OTHER, channel: 'C0OTHER' });
    await t.fake.waitFor('chat.postMessage', () => t.fake.calls('chat.postMessage').length > before);

    await eventually(async () => expect((await t.app.db.repositories.posts.listFor(other.id))[0]?.permalink).toBeTruthy());
    const found = await command(t, '検索 中間報告', SECRETARIAT);
    expect(found).toContain('「中間報告」の検索結果（1件）');
    expect(found).toMatch(
      new RegExp(`• \\*${seed.caseNo}\\*　【申込中】<https://[^|]+\\|\\(仮称\\)情報マネジメント推進計画の策定について\\(中間報告\\)>`),
    );
    const both = (await command(t, '検索 計画', SECRETARIAT)).split('\n').slice(1);
    expect(both.map((l) => /\*(R8-\d+)\*/.exec(l)![1])).toEqual([other.caseNo, seed.caseNo]);
    expect(await command(t, `検索 ${seed.caseNo}`, SECRETARIAT)).toContain(seed.caseNo);
    // 概要 is searched too: the seed's summary names the plan, and so does the other's (the same text).
    expect(await command(t, '検索 マネジメント', SECRETARIAT)).toContain('（2件）');

    // The visibility rule: OTHER sees their own request, not the one posted where they are not.
    const mine = await command(t, '検索 計画', OTHER);
    expect(mine).toContain(other.caseNo);
    expect(mine).not.toContain(seed.caseNo);
    expect(await command(t, '検索 中間報告', OTHER)).toBe('「中間報告」に一致する案件はありません（あなたが閲覧できる範囲）。');

    expect(await command(t, '検索', Workspace.userId)).toBe('検索する語を入力してください（例: 検索 マネジメント）。');
    expect(await command(t, '検索 計', Workspace.userId)).toBe('2文字以上の語で検索してください（1文字の語では検索できません）。');
  });
});

describe('検索 in Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({ now: '2026-11-24T01:00:00Z' });
  });
  afterEach(async () => t.stop());

  it('answers with a card of matches, 状況 included', async () => {
    await fileSeedInTeams(t);
    const before = t.connector.calls('reply').length;
    await postActivity(t.url, messageActivity('検索 マネジメント', t.as()));
    const replies = t.connector.calls('reply');
    expect(replies.length).toBeGreaterThan(before);
    const card = cardOf(replies.at(-1)!);
    expectValidCard(card);
    expect(cardText(card)).toContain('「マネジメント」の検索結果（1件）');
    expect(cardText(card).split('\n').slice(1, 4)).toEqual([
      'R8-001',
      '　【審議中（関係課長会議）】',
      '(仮称)情報マネジメント推進計画の策定について(中間報告)',
    ]);
  });
});
