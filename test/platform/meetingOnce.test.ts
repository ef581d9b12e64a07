/**
 * Once is once: a meeting-day submission (opinion, answer, correction, result,
 * attendance) delivered twice — Slack retrying, a double click, Teams sending the same
 * dialog again — is applied and posted once. A submission that saved nothing (invalid
 * input) can be corrected and sent again from the same form.
 */
import type { OrgConfig } from '../../src/domain/org';
import type { Opinion } from '../../src/domain/meeting';
import { UiText } from '../../src/domain/uiText.ja';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { currentMessage, ephemeralsTo, fileSeedRequest, openFrom, submitView, threadPosts, type PostedRequest } from '../support/meetingDriver';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { postedSeedInTeams } from '../support/teamsForm';
import { cardOf, currentRequestCard, expectAllCardsValid, mustOpen, opinionCard, teamsPerson } from '../support/teamsMeeting';
import { TeamsConversation, TeamsUser } from '../support/teamsActivities';
import { Workspace } from '../support/workspace';

const FILER = Workspace.userId;
const SECRETARIAT = 'U0SEC';
const MEMBER = 'UM03';
const slackOrg: Partial<OrgConfig> = {
  secretariat: { slack: [SECRETARIAT], teams: [] },
  members: { slack: { [MEMBER]: 'keiei-kanri' }, teams: {} },
};

async function opinionsOf(t: TestApp, requestId: string): Promise<Opinion[]> {
  const out: Opinion[] = [];
  for (const r of await t.app.db.repositories.reviews.listFor(requestId))
    out.push(...((await t.app.db.repositories.reviews.get(requestId, r.tierId))?.opinions ?? []));
  return out;
}

describe('a Slack meeting-day submission delivered twice', () => {
  let t: TestApp;
  let req: PostedRequest;
  beforeEach(async () => {
    t = await startTestApp({ org: slackOrg, now: '2009-04-10T01:00:00Z' });
    req = await fileSeedRequest(t);
  });
  afterEach(async () => {
    await t.stop();
  });

  const onRequest = (actionId: string, user: string) => ({ channel: req.channel, message: currentMessage(t, req.channel, req.ts), actionId, user });
  const opinionPosts = () => threadPosts(t, req.ts).filter((c) => String(c.args.text).startsWith('○('));

  it('stores and posts an opinion once, whether the copies arrive together or later', async () => {
    const view = await openFrom(t, onRequest('opinion.add', MEMBER));
    const fill = { 'opinion.text': '計画期間を明記すること。' };
    const [a, b] = await Promise.all([submitView(t, view, fill, MEMBER), submitView(t, view, fill, MEMBER)]);
    expect([a.body, b.body]).toEqual([{ response_action: 'clear' }, { response_action: 'clear' }]);
    // A retry long after (Slack retries up to three times).
    expect((await submitView(t, view, fill, MEMBER)).body).toEqual({ response_action: 'clear' });
    expect(await t.app.settled()).toBe(true);
    expect((await opinionsOf(t, req.requestId)).map((o) => o.text)).toEqual(['計画期間を明記すること。']);
    expect(opinionPosts()).toHaveLength(1);
  });

  it('lets a form refused for its input be corrected and sent again', async () => {
    const view = await openFrom(t, onRequest('opinion.add', MEMBER));
    const empty = await submitView(t, view, { 'opinion.text': '' }, MEMBER, { clientValidation: false });
    expect(empty.body.response_action).toBe('errors');
    expect((await submitView(t, view, { 'opinion.text': '直した意見' }, MEMBER)).body).toEqual({ response_action: 'clear' });
    await eventually(async () => expect((await opinionsOf(t, req.requestId)).map((o) => o.text)).toEqual(['直した意見']));
  });

  it('adds one answer and one correction for a double-clicked answer and correction', async () => {
    const view = await openFrom(t, onRequest('opinion.add', MEMBER));
    await submitView(t, view, { 'opinion.text': '意見' }, MEMBER);
    const post = await t.fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === req.ts && String(c.args.text).startsWith('○(1) '));
    const message = { ts: post.response.ts as string, blocks: post.args.blocks, thread_ts: req.ts };

    const answerView = await openFrom(t, { channel: req.channel, message, actionId: 'opinion.answer', user: FILER });
    await Promise.all([
      submitView(t, answerView, { 'answer.text': '対応します' }, FILER),
      submitView(t, answerView, { 'answer.text': '対応します' }, FILER),
    ]);
    await eventually(async () => expect((await opinionsOf(t, req.requestId))[0].answers.map((a) => a.text)).toEqual(['対応します']));

    const correctView = await openFrom(t, { channel: req.channel, message, actionId: 'opinion.correct', user: MEMBER });
    await Promise.all([
      submitView(t, correctView, { 'opinion.text': '訂正後' }, MEMBER),
      submitView(t, correctView, { 'opinion.text': '訂正後' }, MEMBER),
    ]);
    await eventually(async () => expect((await opinionsOf(t, req.requestId))[0].text).toBe('訂正後'));
    const history = await t.app.db.repositories.requests.history(req.requestId);
    expect(history.flatMap((h) => h.changes.map((c) => c.field)).filter((f) => f.startsWith('opinion.'))).toHaveLength(1);
    expect(await t.app.settled()).toBe(true);
    expect(threadPosts(t, req.ts).filter((c) => String(c.args.text).includes('訂正されました'))).toHaveLength(1);
    expect(threadPosts(t, req.ts).filter((c) => String(c.args.text).startsWith('→'))).toHaveLength(1);
  });

  it('records attendance and a result once', async () => {
    const attendance = await openFrom(t, onRequest('meeting.attendance', SECRETARIAT));
    await Promise.all([submitView(t, attendance, {}, SECRETARIAT), submitView(t, attendance, {}, SECRETARIAT)]);
    expect(await t.app.settled()).toBe(true);
    expect(ephemeralsTo(t, SECRETARIAT).filter((c) => String(c.args.text).includes('出席'))).toHaveLength(1);

    const result = await openFrom(t, onRequest('meeting.result', SECRETARIAT));
    const fill = { result: t.org.results[0], meetingLabel: '第3回検討会議', followUps: '○詳細検討を進める。' };
    await Promise.all([submitView(t, result, fill, SECRETARIAT), submitView(t, result, fill, SECRETARIAT)]);
    expect(await t.app.settled()).toBe(true);
    await eventually(async () =>
      expect((await t.app.db.repositories.reviews.listFor(req.requestId)).some((r) => r.result === t.org.results[0])).toBe(true),
    );
    expect(threadPosts(t, req.ts).filter((c) => String(c.args.text).includes(t.org.results[0]))).toHaveLength(1);
  });
});

describe('a Teams meeting dialog submitted twice', () => {
  let t: TeamsTestApp;
  const member = teamsPerson('member-keiei', 'keiei-kanri');
  beforeEach(async () => {
    t = await startTeamsTestApp({
      org: { secretariat: { slack: [], teams: [] }, members: { slack: {}, teams: { [member.aadObjectId]: 'keiei-kanri' } } },
    });
  });
  afterEach(async () => {
    expectAllCardsValid(t);
    await t.stop();
  });

  it('stores and posts the opinion and its answer once, and says so the second time', async () => {
    const { request, post } = await postedSeedInTeams(t);
    const d = await mustOpen(t, currentRequestCard(t, post.messageId), '意見を記入', t.as({ from: member }));
    const fill = { text: '二度押された意見' };
    expect((await d.press('記入する', fill)).message).toBeNull();
    expect((await d.press('記入する', fill)).message).toBe(UiText.submittedAlready);
    const opinions = await opinionsOf(t, request.id);
    expect(opinions.map((o) => o.text)).toEqual(['二度押された意見']);
    const posted = () => t.connector.calls().filter((c) => c.kind !== 'update' && JSON.stringify(cardOf(c) ?? {}).includes('二度押された意見'));
    expect(posted()).toHaveLength(1);

    const a = await mustOpen(t, await opinionCard(t, TeamsConversation.id, 1), '回答', t.as({ from: TeamsUser }));
    expect((await a.press('回答する', { text: '対応します' })).message).toBeNull();
    expect((await a.press('回答する', { text: '対応します' })).message).toBe(UiText.submittedAlready);
    expect((await opinionsOf(t, request.id))[0].answers.map((x) => x.text)).toEqual(['対応します']);
  });
});
