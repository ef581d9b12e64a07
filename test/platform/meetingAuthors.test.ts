/**
 * Who wrote it: each opinion and answer keeps its writer and its thread post shows it;
 * an opinion is given in one's own section's name, in another's only when the roster
 * (org `proxies`) allows it, in any for the secretariat. A refused one stores nothing
 * and keeps what was typed in the form.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Opinion } from '../../src/domain/meeting';
import { maySpeakFor } from '../../src/domain/meeting';
import type { OrgConfig } from '../../src/domain/org';
import { ConfigError, loadOrg } from '../../src/infra/config';
import { startTestApp, type TestApp } from '../support/app';
import type { BlockJson } from '../support/blockKit';
import { currentMessage, fileSeedRequest, openFrom, submitView, threadPosts, type PostedRequest } from '../support/meetingDriver';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { postedSeedInTeams } from '../support/teamsForm';
import { currentRequestCard, expectAllCardsValid, mustOpen, teamsPerson } from '../support/teamsMeeting';
import { Workspace } from '../support/workspace';

const FILER = Workspace.userId;
const SECRETARIAT = 'U0SEC';
const MEMBER = 'UM03'; // 経営監理課
const PROXY = 'UPROXY'; // 経営監理課, and may write for 財政課
const NOT_YOURS = 'ご自分の課・機関以外の名前では記入できません。';
const slackOrg: Partial<OrgConfig> = {
  secretariat: { slack: [SECRETARIAT], teams: [] },
  members: { slack: { [MEMBER]: 'keiei-kanri', [PROXY]: 'keiei-kanri' }, teams: {} },
  proxies: { slack: { [PROXY]: ['zaimu'] }, teams: {} },
};

async function opinionsOf(t: TestApp, requestId: string): Promise<Opinion[]> {
  const out: Opinion[] = [];
  for (const r of await t.app.db.repositories.reviews.listFor(requestId))
    out.push(...((await t.app.db.repositories.reviews.get(requestId, r.tierId))?.opinions ?? []));
  return out;
}

const contextTexts = (blocks: BlockJson[]) =>
  blocks.filter((b) => b.type === 'context').flatMap((b) => (b.elements as BlockJson[]).map((e) => e.text as string));

describe('who wrote an opinion, in Slack', () => {
  let t: TestApp;
  let req: PostedRequest;
  beforeEach(async () => {
    t = await startTestApp({ org: slackOrg, now: '2009-04-10T01:00:00Z' });
    req = await fileSeedRequest(t);
  });
  afterEach(async () => {
    await t.stop();
  });

  const give = async (user: string, fill: Record<string, string>) => {
    const view = await openFrom(t, { channel: req.channel, message: currentMessage(t, req.channel, req.ts), actionId: 'opinion.add', user });
    return { view, res: await submitView(t, view, fill, user) };
  };

  it('keeps the writer of each opinion and answer and shows it on the thread post', async () => {
    expect((await give(MEMBER, { 'opinion.text': '年度ごとに評価すべき。' })).res.body).toEqual({ response_action: 'clear' });
    expect(await t.app.settled()).toBe(true);
    const post = threadPosts(t, req.ts).find((c) => String(c.args.text).startsWith('○(1) '))!;
    expect(contextTexts(post.args.blocks)).toContain(`記入: <@${MEMBER}>`);

    const message = { ts: post.response.ts as string, blocks: post.args.blocks, thread_ts: req.ts };
    const answer = await openFrom(t, { channel: req.channel, message, actionId: 'opinion.answer', user: FILER });
    expect((await submitView(t, answer, { 'answer.text': '検討します。' }, FILER)).body).toEqual({ response_action: 'clear' });
    expect(await t.app.settled()).toBe(true);
    const answerPost = threadPosts(t, req.ts).find((c) => String(c.args.text).startsWith('→'))!;
    expect(contextTexts(answerPost.args.blocks)).toContain(`記入: <@${FILER}>`);

    const [opinion] = await opinionsOf(t, req.requestId);
    expect(opinion.author).toEqual({ platform: 'slack', userId: MEMBER });
    expect(opinion.answers.map((a) => a.author)).toEqual([{ platform: 'slack', userId: FILER }]);
  });

  it("refuses an opinion in another section's name unless the roster allows it; the secretariat may for any", async () => {
    // A member for a section not theirs: refused under the section, nothing stored.
    const refused = await give(MEMBER, { 'opinion.text': '財政課として一言', 'opinion.section': 'zaimu' });
    expect(refused.res.body.response_action).toBe('errors');
    expect(refused.res.body.errors['opinion.section']).toContain(NOT_YOURS);
    expect(await opinionsOf(t, req.requestId)).toEqual([]);

    // Someone mapped to no section at all: the same.
    const stranger = await give('U0NOBODY', { 'opinion.text': '誰かの意見', 'opinion.section': 'somu' });
    expect(stranger.res.body.errors['opinion.section']).toContain(NOT_YOURS);

    // The proxy for 財政課 (its own section too), but not for 総務課.
    expect((await give(PROXY, { 'opinion.text': '財政課の代理で', 'opinion.section': 'zaimu' })).res.body).toEqual({ response_action: 'clear' });
    expect((await give(PROXY, { 'opinion.text': '総務課の代理で', 'opinion.section': 'somu' })).res.body.response_action).toBe('errors');
    // The secretariat for any section.
    expect((await give(SECRETARIAT, { 'opinion.text': '総務課から預かった意見', 'opinion.section': 'somu' })).res.body).toEqual({
      response_action: 'clear',
    });

    expect((await opinionsOf(t, req.requestId)).map((o) => [o.text, o.sectionId, o.author.userId])).toEqual([
      ['財政課の代理で', 'zaimu', PROXY],
      ['総務課から預かった意見', 'somu', SECRETARIAT],
    ]);
  });

  it("refuses moving one's opinion to a section one may not speak for, keeping it as it was", async () => {
    await give(MEMBER, { 'opinion.text': '元の意見' });
    expect(await t.app.settled()).toBe(true);
    const post = threadPosts(t, req.ts).find((c) => String(c.args.text).startsWith('○(1) '))!;
    const message = { ts: post.response.ts as string, blocks: post.args.blocks, thread_ts: req.ts };
    const view = await openFrom(t, { channel: req.channel, message, actionId: 'opinion.correct', user: MEMBER });
    const res = await submitView(t, view, { 'opinion.text': '直した意見', 'opinion.section': 'zaimu' }, MEMBER);
    expect(res.body.errors['opinion.section']).toContain(NOT_YOURS);
    expect((await opinionsOf(t, req.requestId)).map((o) => [o.text, o.sectionId])).toEqual([['元の意見', 'keiei-kanri']]);
  });
});

describe('who wrote an opinion, in Teams', () => {
  let t: TeamsTestApp;
  const member = teamsPerson('member-keiei', '経営 花子');
  beforeEach(async () => {
    t = await startTeamsTestApp({
      org: { secretariat: { slack: [], teams: [] }, members: { slack: {}, teams: { [member.aadObjectId]: 'keiei-kanri' } } },
    });
  });
  afterEach(async () => {
    expectAllCardsValid(t);
    await t.stop();
  });

  it("refuses another section's name in the dialog, keeping the text, and accepts one's own", async () => {
    const { request, post } = await postedSeedInTeams(t);
    const d = await mustOpen(t, currentRequestCard(t, post.messageId), '意見を記入', t.as({ from: member }));
    expect((await d.press('記入する', { text: '財政課のつもりで', sectionId: 'zaimu' })).message).toBeNull();
    expect(d.errors().join('')).toContain('入力に誤りがあります');
    expect(JSON.stringify(d.card)).toContain(NOT_YOURS);
    expect(d.input('text').value).toBe('財政課のつもりで');
    expect(await t.app.db.repositories.reviews.listFor(request.id)).toEqual([]);

    expect((await d.press('記入する', { sectionId: 'keiei-kanri' })).message).toBeNull();
    const [opinion] = (await t.app.db.repositories.reviews.get(request.id, (await t.app.db.repositories.reviews.listFor(request.id))[0].tierId))!
      .opinions;
    expect([opinion.text, opinion.sectionId, opinion.author.userId]).toEqual(['財政課のつもりで', 'keiei-kanri', member.aadObjectId]);
    const card = t.connector
      .calls()
      .filter((c) => JSON.stringify(c.body ?? {}).includes('○(1) '))
      .at(-1)!;
    expect(JSON.stringify(card.body)).toContain('記入: 経営 花子');
  });
});

describe('the roster of proxies', () => {
  it('names an unknown section in the org file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chogi-org-'));
    const file = join(dir, 'org.yaml');
    writeFileSync(file, stringify({ ...loadOrg(undefined).org, proxies: { slack: { U0123ABCD: ['zaimu', 'nosuch'] }, teams: {} } }));
    expect(() => loadOrg(file)).toThrow(ConfigError);
    expect(() => loadOrg(file)).toThrow('proxies.slack.U0123ABCD[1]: "nosuch" is not a section id of sections');
  });

  it('lets the own section, the listed ones and the secretariat speak', () => {
    const org = { ...loadOrg(undefined).org, members: { slack: { U1: 'zaimu' }, teams: {} }, proxies: { slack: { U1: ['somu'] }, teams: {} } };
    const u1 = { platform: 'slack' as const, userId: 'U1' };
    // The own section comes from the 出席者名簿 (here U1 sits for zaimu).
    expect(['zaimu', 'somu', 'koho'].map((s) => maySpeakFor(org, u1, s, false, 'zaimu'))).toEqual([true, true, false]);
    expect(maySpeakFor(org, { platform: 'slack', userId: 'U2' }, 'koho', true, null)).toBe(true);
    expect(maySpeakFor(org, { platform: 'teams', userId: 'U1' }, 'zaimu', false, null)).toBe(false);
  });
});
