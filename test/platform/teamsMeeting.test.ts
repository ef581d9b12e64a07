import { createMeetingService } from '../../src/app/meetings';
import { minutesText } from '../../src/domain/meetingMinutes';
import type { OrgConfig } from '../../src/domain/org';
import { paperMinutes, seedMeeting } from '../fixtures/seedMeeting';
import { seedRaw } from '../fixtures/seedRaw';
import { eventually } from '../support/eventually';
import { currentMessage, fileSeedRequest, openFrom, submitView } from '../support/meetingDriver';
import { TeamsDialog } from '../support/teamsDialog';
import { requestView } from '../../src/app/requestView';
import type { AgendaRequest } from '../../src/domain/request';
import { parseRequestForm } from '../../src/domain/requestForm';
import { loadOrg } from '../../src/infra/config';
import { minutesCards } from '../../src/teams/cards/meetingMinutes';
import { requestCard } from '../../src/teams/cards/requestCard';
import { cardText, elements, expectValidCard } from '../support/teamsCards';
import { postActivity, taskFetch, TeamsConversation, TeamsUser } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { postedSeedInTeams } from '../support/teamsForm';
import {
  buttonTitles,
  cardOf,
  currentRequestCard,
  expectAllCardsValid,
  mustOpen,
  openDialog,
  opinionCard,
  postedCards,
  pressSubmit,
  runTexts,
  teamsPerson,
  type TeamsPerson,
} from '../support/teamsMeeting';

const FILER = TeamsUser;
const SECRETARIAT = teamsPerson('secretariat', '事務局');
const STRANGER = teamsPerson('stranger', '未設定の職員');
const sectionIds = [
  'kikaku-bucho',
  'kikaku-seisaku',
  'keiei-kanri',
  'koho',
  'joho-system',
  'zaimu',
  'somu',
  'joho-kokai',
  'shokuin',
  'kenko-fukushi',
  'shimin-somu',
  'shimin-kyodo',
  'kankyo-keizai',
  'toshi-kensetsu',
  'kyoiku-somu',
  'shobo-somu',
  'kikaku-sanji',
];
/** One Teams member per section, in the paper's order. */
const member = (section: string) => teamsPerson(`member-${section}`, section);
/** Which section gave each of the seed's opinions (the paper does not say; any will do). */
const seedSpeakers = ['keiei-kanri', 'shimin-kyodo', 'kankyo-keizai', 'joho-kokai', 'somu'];
const SLACK_SECRETARIAT = 'U0SEC';

const org: Partial<OrgConfig> = {
  secretariat: { slack: [SLACK_SECRETARIAT], teams: [SECRETARIAT.aadObjectId] },
  members: { slack: {}, teams: Object.fromEntries(sectionIds.map((id) => [member(id).aadObjectId, id])) },
};

describe('meeting day in Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({ org });
  });
  afterEach(async () => {
    expectAllCardsValid(t);
    await t.stop();
  });

  /** The seed filed in Teams: the request, its card's message id, and its conversation. */
  async function filed() {
    const { request, post } = await postedSeedInTeams(t);
    const conv = TeamsConversation.id;
    return { request, messageId: post.messageId, conv, card: () => currentRequestCard(t, post.messageId) };
  }

  async function addOpinion(card: unknown, who: TeamsPerson, fill: Record<string, string>) {
    const d = await mustOpen(t, card, '意見を記入', t.as({ from: who }));
    return { d, done: await d.press('記入する', fill) };
  }

  it('files the seed in Teams and records its 関係課長会議 entirely in Teams, the record as on the paper', async () => {
    const r = await filed();
    // The posted request carries the meeting's buttons and its live summary.
    expect(buttonTitles(r.card())).toEqual([
      '出席登録',
      '出席',
      '意見を記入',
      '議事録',
      '結果記録',
      '会議を終了',
      '編集',
      '日程',
      'PDF',
      '履歴',
      '取り下げ',
    ]);
    expect(cardText(r.card())).toContain('関係課長会議: 意見 0件（未回答 0件）・出席 未登録');

    // 出席登録: one multi-select ChoiceSet of the 17 sections, all pre-checked (the usual attendees).
    const att = await mustOpen(t, r.card(), '出席登録', t.as({ from: SECRETARIAT }));
    const set = att.input('attendance');
    expect(set).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, style: 'expanded' });
    expect(set.choices.map((c: { title: string }) => c.title)).toEqual(t.org.sections.map((s) => s.name));
    expect(set.choices).toHaveLength(17);
    expect(set.value).toBe(sectionIds.join(','));
    // The secretariat unticks two, saves, then corrects to all 17 (the correction is kept in the history).
    expect((await att.press('確定する', { attendance: sectionIds.slice(2).join(',') })).message).toBe(
      `案件 ${r.request.caseNo}　関係課長会議の出席を登録しました（15/17）。`,
    );
    const again = await mustOpen(t, r.card(), '出席登録', t.as({ from: SECRETARIAT }));
    expect(again.input('attendance').value).toBe(sectionIds.slice(2).join(','));
    expect((await again.press('確定する', { attendance: sectionIds.join(',') })).message).toBe(
      `案件 ${r.request.caseNo}　関係課長会議の出席を登録しました（17/17）。`,
    );
    await eventually(() => expect(cardText(r.card())).toContain('出席 17/17'));
    expect((await t.app.db.repositories.requests.history(r.request.id)).some((h) => h.changes?.some((c) => c.field === 'attendance.kacho'))).toBe(
      true,
    );

    // 意見を記入 ×5, each from a member of the section giving it (the section defaults to theirs);
    // each opinion is posted in the request's thread, numbered in the order received.
    for (const [i, o] of seedMeeting.opinions.entries()) {
      const d = await mustOpen(t, r.card(), '意見を記入', t.as({ from: member(seedSpeakers[i]) }));
      expect(d.title).toBe('意見を記入');
      expect(d.input('sectionId').value).toBe(seedSpeakers[i]);
      expect(d.input('tier').value).toBe('kacho');
      expect((await d.press('記入する', { text: o.text })).message).toBeNull();
      const posted = await opinionCard(t, r.conv, i + 1);
      // Who wrote it: the name Teams gives the writer.
      expect(runTexts([posted])).toEqual([
        `○(${i + 1}) `,
        o.text,
        `　— ${t.org.sections.find((s) => s.id === seedSpeakers[i])!.name}`,
        `記入: ${member(seedSpeakers[i]).name}`,
      ]);
      expect(buttonTitles(posted)).toEqual(['回答', '訂正', '取り下げ']);
    }
    // In a channel the opinions go into the request card's thread.
    const threadId = `${r.conv};messageid=${r.messageId}`;
    expect(
      t.connector
        .calls()
        .filter((c) => c.kind === 'send' && runTexts([cardOf(c)]).some((x) => x.startsWith('○(')))
        .map((c) => c.conversationId),
    ).toEqual(Array(5).fill(threadId));

    // 回答: the owning section (the filer) answers; opinion 2 twice, opinion 5 not at all.
    for (const [i, o] of seedMeeting.opinions.entries()) {
      for (const a of o.answers) {
        const d = await mustOpen(t, await opinionCard(t, r.conv, i + 1), '回答', t.as({ from: FILER }));
        expect(d.title).toBe('回答');
        expect((await d.press('回答する', { text: a })).message).toBeNull();
        await t.connector.waitFor((c) => runTexts([cardOf(c)]).includes(`→${a}`));
      }
    }
    const answerCards = postedCards(t, r.conv).filter((c) => runTexts([c]).some((x) => x.startsWith('→')));
    expect(answerCards.map((c) => runTexts([c])[0])).toEqual(seedMeeting.opinions.flatMap((o) => o.answers.map((a) => `→${a}`)));
    expect(buttonTitles(answerCards[0])).toEqual(['訂正', '取り下げ']);
    await eventually(() => expect(cardText(r.card())).toContain('関係課長会議: 意見 5件（未回答 1件）・出席 17/17'));

    // 会議を終了: the filer may not; the secretariat confirms which meeting it closes.
    expect((await openDialog(t, r.card(), '会議を終了', t.as({ from: FILER }))).message).toBe('会議を終了できるのは庁議事務局だけです。');
    const close = await mustOpen(t, r.card(), '会議を終了', t.as({ from: SECRETARIAT }));
    expect(cardText(close.card)).toContain(`案件 ${r.request.caseNo}　関係課長会議`);
    expect((await close.press('終了する')).message).toBe(
      `案件 ${r.request.caseNo}　関係課長会議を終了しました。以後の意見・回答の追加や訂正は庁議事務局だけができ、履歴に残ります。`,
    );
    await eventually(() => expect(cardText(r.card())).toContain('関係課長会議: 意見 5件（未回答 1件）・出席 17/17・会議終了'));

    // 結果記録: the filer may not; the secretariat's errors show under their inputs, typed text kept.
    expect((await openDialog(t, r.card(), '結果記録', t.as({ from: FILER }))).message).toBe('結果を記録できるのは庁議事務局だけです。');
    const result = await mustOpen(t, r.card(), '結果記録', t.as({ from: SECRETARIAT }));
    expect(result.input('result').choices.map((c: { value: string }) => c.value)).toEqual(t.org.results);
    await result.press('記録する', { meetingLabel: seedMeeting.meetingLabel, followUps: seedMeeting.followUps.join('\n') });
    expect(result.input('result').errorMessage).toBe('結果を選んでください。');
    expect(result.input('meetingLabel').value).toBe(seedMeeting.meetingLabel);
    expect(result.input('followUps').value).toBe(seedMeeting.followUps.join('\n'));
    const saved = await result.press('記録する', { result: seedMeeting.result });
    expect(saved.message).toBe(`案件 ${r.request.caseNo} の関係課長会議の結果を記録しました: ${seedMeeting.result}。次は局経営会議です。`);
    // The item now stands at the next tier.
    await eventually(() => expect(cardText(r.card())).toContain('局経営会議: 意見 0件（未回答 0件）・出席 未登録'));

    // 議事録 (an Action.Submit): the record posted in the thread, exactly as on the paper.
    const before = t.connector.calls().length;
    await pressSubmit(t, r.card(), '議事録', t.as({ from: member('zaimu') }));
    const minutes = await t.connector.waitFor(
      (c) => t.connector.calls().indexOf(c) >= before && cardText(cardOf(c)).includes(`議事録　案件 ${r.request.caseNo}`),
    );
    expect(minutes.conversationId).toBe(threadId);
    expect(runTexts([cardOf(minutes)]).join('\n')).toBe(
      paperMinutes
        .split('\n')
        .filter((l) => l !== '')
        .join('\n'),
    );

    // Stored as on the paper: the same record the Slack side shows.
    const meetings = createMeetingService({ repos: t.app.db.repositories, org: t.org, clock: t.clock, roles: t.app.roles });
    const record = await meetings.minutes(r.request.id);
    expect(record.records.map((x) => x.tier.id)).toEqual(['kacho']);
    expect(minutesText(record.records[0].minutes)).toBe(paperMinutes);
    const stored = (await t.app.db.repositories.reviews.get(r.request.id, 'kacho'))!;
    expect(stored.review).toMatchObject({
      attendance: sectionIds,
      result: seedMeeting.result,
      meetingLabel: seedMeeting.meetingLabel,
      followUps: seedMeeting.followUps,
    });
    expect(stored.review.closedAt).not.toBeNull();
    expect(stored.opinions.map((o) => [o.seq, o.sectionId, o.answers.length, o.author.platform])).toEqual([
      [1, 'keiei-kanri', 1, 'teams'],
      [2, 'shimin-kyodo', 2, 'teams'],
      [3, 'kankyo-keizai', 1, 'teams'],
      [4, 'joho-kokai', 1, 'teams'],
      [5, 'somu', 0, 'teams'],
    ]);
  });

  it('lets an attendee mark their own section present, and tells an unmapped person how to be mapped', async () => {
    const r = await filed();
    expect((await openDialog(t, r.card(), '出席', t.as({ from: member('zaimu') }))).message).toBe(
      `案件 ${r.request.caseNo}　関係課長会議に「財務課長」の出席を登録しました。`,
    );
    expect((await openDialog(t, r.card(), '出席', t.as({ from: member('zaimu') }))).message).toBe(
      `案件 ${r.request.caseNo}　関係課長会議の「財務課長」はすでに出席になっています。`,
    );
    await eventually(() => expect(cardText(r.card())).toContain('出席 1/17'));
    const told = (await openDialog(t, r.card(), '出席', t.as({ from: STRANGER }))).message!;
    expect(told).toContain(STRANGER.aadObjectId);
    expect(told).toContain('名簿');
    expect((await t.app.db.repositories.reviews.get(r.request.id, 'kacho'))!.review.attendance).toEqual(['zaimu']);
  });

  it('lets only the secretariat confirm the attendance list, record the result and close the meeting', async () => {
    const r = await filed();
    // Anyone else sees the list read-only, with no button to save it.
    const view = await mustOpen(t, r.card(), '出席登録', t.as({ from: member('zaimu') }));
    expect(view.inputs()).toEqual([]);
    expect(view.buttons()).toEqual([]);
    expect(cardText(view.card)).toContain('出席の確定は庁議事務局が行います');
    // Hand-made submissions of the secretariat's dialogs by someone else are refused.
    const sub = (data: Record<string, unknown>) =>
      postActivity(t.url, { ...taskFetch({}, t.as({ from: FILER })), name: 'task/submit', value: { data } });
    expect((await sub({ verb: 'meeting.attendance', requestId: r.request.id, tierId: 'kacho', attendance: 'zaimu' })).body.task.value).toBe(
      '出席の登録（一覧の確定）ができるのは庁議事務局だけです。ご自分の課の出席は「出席」ボタンで登録できます。',
    );
    expect((await sub({ verb: 'meeting.result', requestId: r.request.id, tierId: 'kacho', result: seedMeeting.result })).body.task.value).toBe(
      '結果を記録できるのは庁議事務局だけです。',
    );
    expect((await sub({ verb: 'meeting.close', requestId: r.request.id, tierId: 'kacho' })).body.task.value).toBe(
      '会議を終了できるのは庁議事務局だけです。',
    );
    expect(await t.app.db.repositories.reviews.get(r.request.id, 'kacho')).toBeNull();
  });

  it('lets only the owning section (the filer) and the secretariat answer; authors correct and withdraw, with history', async () => {
    const r = await filed();
    const author = member('zaimu');
    await addOpinion(r.card(), author, { text: '最初の文', tags: '財源, 成果指標' });
    const posted = await opinionCard(t, r.conv, 1);
    expect(runTexts([posted])).toContain('#財源　#成果指標');
    // Another section may neither answer nor correct it.
    expect((await openDialog(t, posted, '回答', t.as({ from: member('somu') }))).message).toBe(
      '回答（とその訂正）ができるのは、所管課（申込者）と庁議事務局だけです。',
    );
    expect((await openDialog(t, posted, '訂正', t.as({ from: member('somu') }))).message).toBe(
      '意見を訂正・取り下げできるのは、記入した本人と庁議事務局だけです。',
    );
    // The secretariat answers; the filer answers and corrects their own answer.
    await (await mustOpen(t, posted, '回答', t.as({ from: SECRETARIAT }))).press('回答する', { text: '事務局から回答します。' });
    const d = await mustOpen(t, posted, '回答', t.as({ from: FILER }));
    await d.press('回答する', { text: '所管課の回答' });
    const answer = await t.connector.waitFor((c) => runTexts([cardOf(c)]).includes('→所管課の回答'));
    expect((await openDialog(t, cardOf(answer), '訂正', t.as({ from: SECRETARIAT }))).dialog).not.toBeNull();
    expect((await openDialog(t, cardOf(answer), '訂正', t.as({ from: member('somu') }))).message).toBe(
      '回答（とその訂正）ができるのは、所管課（申込者）と庁議事務局だけです。',
    );
    const fix = await mustOpen(t, cardOf(answer), '訂正', t.as({ from: FILER }));
    expect(fix.title).toBe('回答の訂正');
    expect(fix.input('text').value).toBe('所管課の回答');
    await fix.press('訂正する', { text: '所管課の回答（訂正）' });
    const corrected = await t.connector.waitFor((c) => runTexts([cardOf(c)]).includes('→所管課の回答（訂正）'));
    expect(cardText(cardOf(corrected))).toContain('意見(1)への回答が訂正されました');
    // The secretariat's answer is withdrawn by the secretariat (asked first).
    const secAnswer = postedCards(t, r.conv).find((c) => runTexts([c]).includes('→事務局から回答します。'));
    const ask = await mustOpen(t, secAnswer, '取り下げ', t.as({ from: SECRETARIAT }));
    expect((await ask.press('取り下げ')).message).toBe('意見(1)への回答が取り下げられました。');

    // The author corrects the opinion: the form opens with it, the thread gets the new version.
    const edit = await mustOpen(t, posted, '訂正', t.as({ from: author }));
    expect(edit.title).toBe('意見の訂正');
    expect(edit.input('text').value).toBe('最初の文');
    expect(edit.input('tags').value).toBe('財源, 成果指標');
    await edit.press('訂正する', { text: '訂正した文' });
    const again = await opinionCard(t, r.conv, 1);
    expect(runTexts([again])).toContain('訂正した文');
    expect(cardText(again)).toContain('意見(1)が訂正されました');
    // …and withdraws it.
    const w = await mustOpen(t, again, '取り下げ', t.as({ from: author }));
    expect((await w.press('取り下げ')).message).toBe('意見(1)が取り下げられました。');
    const stored = (await t.app.db.repositories.reviews.get(r.request.id, 'kacho'))!;
    expect(stored.opinions[0]).toMatchObject({ text: '訂正した文', status: 'withdrawn' });
    expect(stored.opinions[0].answers.map((a) => [a.text, a.status])).toEqual([
      ['事務局から回答します。', 'withdrawn'],
      ['所管課の回答（訂正）', 'active'],
    ]);
    const fields = (await t.app.db.repositories.requests.history(r.request.id)).flatMap((h) => h.changes.map((c) => c.field));
    expect(fields).toEqual(expect.arrayContaining(['opinion.kacho.1', 'answer.kacho.1.1', 'answer.kacho.1.2']));
    await eventually(() => expect(cardText(r.card())).toContain('意見 0件（未回答 0件）'));
  });

  it('shows validation errors under their inputs and keeps what was typed', async () => {
    const r = await filed();
    const { d } = await addOpinion(r.card(), member('zaimu'), { text: '   ', tags: 'a,b,c,d,e,f' });
    expect(d.input('text').errorMessage).toBe('入力してください。');
    expect(d.input('tags')).toMatchObject({ value: 'a,b,c,d,e,f', errorMessage: 'タグは5個までです。' });
    const body = elements(d.card);
    expect(body[body.findIndex((e) => e.id === 'text') + 1]).toMatchObject({ type: 'TextBlock', color: 'Attention', text: '入力してください。' });
    await d.press('記入する', { text: 'あ'.repeat(2001), tags: '' });
    expect(d.input('text')).toMatchObject({
      value: 'あ'.repeat(2001),
      errorMessage: '2000文字以内で入力してください（長い場合は分けて記入してください）。',
    });
    expect((await d.press('記入する', { text: 'あ'.repeat(2000) })).message).toBeNull();
    await opinionCard(t, r.conv, 1);
    // An empty answer, likewise.
    const a = await mustOpen(t, await opinionCard(t, r.conv, 1), '回答', t.as({ from: FILER }));
    await a.press('回答する', { text: '' });
    expect(a.input('text').errorMessage).toBe('入力してください。');
    expect((await t.app.db.repositories.reviews.get(r.request.id, 'kacho'))!.opinions.map((o) => [o.text.length, o.answers.length])).toEqual([
      [2000, 0],
    ]);
  });

  it('refuses a dialog opened before the meeting was closed and gives the typed text back', async () => {
    const r = await filed();
    const opinion = await mustOpen(t, r.card(), '意見を記入', t.as({ from: member('zaimu') }));
    await addOpinion(r.card(), member('somu'), { text: '先に出た意見' });
    const answer = await mustOpen(t, await opinionCard(t, r.conv, 1), '回答', t.as({ from: FILER }));
    await (await mustOpen(t, r.card(), '会議を終了', t.as({ from: SECRETARIAT }))).press('終了する');

    const typed = '終了間際に書いた長い意見です。\n二行目 <at>全員</at> **太字** [x](https://evil.example/)';
    expect((await opinion.press('記入する', { text: typed })).message).toBeNull();
    expect(opinion.title).toBe('会議は終了しています');
    expect(cardText(opinion.card)).toContain('庁議事務局が終了しました');
    expect(opinion.input('typed').value).toBe(typed);
    await answer.press('回答する', { text: '間に合わなかった回答' });
    expect(answer.title).toBe('会議は終了しています');
    expect(answer.input('typed').value).toBe('間に合わなかった回答');
    const stored = (await t.app.db.repositories.reviews.get(r.request.id, 'kacho'))!;
    expect(stored.opinions.map((o) => [o.text, o.answers.length])).toEqual([['先に出た意見', 0]]);

    // New dialogs are refused at once; the secretariat may still add.
    expect((await openDialog(t, r.card(), '意見を記入', t.as({ from: member('koho') }))).message).toContain('庁議事務局が終了しました');
    expect((await openDialog(t, await opinionCard(t, r.conv, 1), '回答', t.as({ from: FILER }))).message).toContain('庁議事務局が終了しました');
    await addOpinion(r.card(), SECRETARIAT, { text: '事務局が追記', sectionId: 'kikaku-seisaku' });
    await opinionCard(t, r.conv, 2);
  });

  it('numbers 30 opinions submitted at the same moment 1..30, loses none, and collapses the card refreshes', async () => {
    const r = await filed();
    const users = Array.from({ length: 30 }, (_, i) => member(sectionIds[i % 17]));
    const dialogs = await Promise.all(users.map((u) => mustOpen(t, r.card(), '意見を記入', t.as({ from: u }))));
    const updatesBefore = t.connector.calls('update').length;
    const results = await Promise.all(dialogs.map((d, i) => d.press('記入する', { text: `同時の意見 ${i}` })));
    expect(results.every((x) => x.message === null)).toBe(true);
    const stored = (await t.app.db.repositories.reviews.get(r.request.id, 'kacho'))!;
    expect(stored.opinions.map((o) => o.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(stored.opinions.map((o) => o.text)).size).toBe(30);
    await eventually(() => expect(postedCards(t, r.conv).filter((c) => buttonTitles(c).includes('回答'))).toHaveLength(30));
    await eventually(() => expect(cardText(r.card())).toContain('意見 30件（未回答 30件）'));
    expect(t.connector.calls('update').length - updatesBefore).toBeLessThan(30);
  });

  it('keeps user text as text: Markdown and <at> mentions stay what was typed', async () => {
    const r = await filed();
    const hostile = '[ここを押す](https://evil.example/) <at>全員</at> **重要**\n# 見出し\n- 箇条';
    await addOpinion(r.card(), member('zaimu'), { text: hostile, tags: '<at>x</at>' });
    const posted = await opinionCard(t, r.conv, 1);
    expect(runTexts([posted])).toContain(hostile);
    for (const e of elements(posted).filter((x) => x.type === 'TextBlock' || x.type === 'FactSet')) {
      expect(JSON.stringify(e)).not.toContain('](');
      expect(JSON.stringify(e)).not.toContain('<at>');
    }
    await pressSubmit(t, r.card(), '議事録', t.as());
    const minutes = await t.connector.waitFor((c) => cardText(cardOf(c)).includes('議事録　案件'));
    expect(runTexts([cardOf(minutes)])).toContain(`○${hostile}`);
  });
});

describe('meeting day across platforms', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    // U0MEMBER sits for 財政課 in Slack (an opinion is given in one's own section's name).
    t = await startTeamsTestApp({ org: { ...org, members: { ...org.members!, slack: { U0MEMBER: 'zaimu' } } } });
  });
  afterEach(async () => {
    expectAllCardsValid(t);
    await t.stop();
  });

  it('answers from Teams an opinion on a request filed in Slack, and the Slack message is refreshed', async () => {
    const req = await fileSeedRequest(t);
    // An opinion given in Slack (stored in the same database).
    const view = await openFrom(t, {
      channel: req.channel,
      message: currentMessage(t, req.channel, req.ts),
      actionId: 'opinion.add',
      user: 'U0MEMBER',
    });
    expect((await submitView(t, view, { 'opinion.text': 'Slackで出た意見', 'opinion.section': 'zaimu' }, 'U0MEMBER')).body).toEqual({
      response_action: 'clear',
    });
    await eventually(() => expect(JSON.stringify(currentMessage(t, req.channel, req.ts).blocks)).toContain('意見 1件（未回答 1件）'));
    const [opinion] = (await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!.opinions;

    // The Teams secretariat answers it (the 回答 button's data).
    const refused = await postActivity(t.url, taskFetch({ verb: 'answer.save', opinionId: opinion.id }, t.as({ from: member('somu') })));
    expect(refused.body.task.value).toBe('回答（とその訂正）ができるのは、所管課（申込者）と庁議事務局だけです。');
    const updates = t.fake.calls('chat.update').length;
    const d = await TeamsDialog.open(t.url, { verb: 'answer.save', opinionId: opinion.id }, t.as({ from: SECRETARIAT }));
    expect(runTexts([d.card])).toContain('Slackで出た意見');
    expect((await d.press('回答する', { text: 'Teamsからの回答' })).message).toBeNull();
    // The answer card goes to the Teams conversation it was given in (the request has no Teams card).
    const card = await t.connector.waitFor((c) => runTexts([cardOf(c)]).includes('→Teamsからの回答'));
    expect(card.conversationId.split(';')[0]).toBe(TeamsConversation.id);
    const stored = (await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!.opinions[0].answers;
    expect(stored.map((a) => [a.text, a.author])).toEqual([['Teamsからの回答', { platform: 'teams', userId: SECRETARIAT.aadObjectId }]]);
    await eventually(() => expect(t.fake.calls('chat.update').length).toBeGreaterThan(updates));
    await eventually(() => expect(JSON.stringify(currentMessage(t, req.channel, req.ts).blocks)).toContain('意見 1件（未回答 0件）'));
  });
});

describe('meeting cards: size and validity', () => {
  it('splits a very long record into several cards, each valid and under 28 KB, losing nothing', () => {
    const long = (n: number, c: string) => `${n}: ${c.repeat(1990)}`;
    const input = {
      tierName: '関係課長会議',
      meetingLabel: '第3回検討会議',
      result: seedMeeting.result,
      followUps: seedMeeting.followUps,
      sections: sectionIds.map((id, i) => ({ name: `課${i}`, present: true })),
      opinions: Array.from({ length: 30 }, (_, i) => ({ text: long(i, 'あ'), answers: [long(i, 'い'), long(i, 'う')] })),
    };
    const cards = minutesCards('R8-001', [input]);
    expect(cards.length).toBeGreaterThan(1);
    for (const c of cards) expectValidCard(c);
    expect(runTexts(cards).join('\n')).toBe(
      minutesText(input)
        .split('\n')
        .filter((l) => l !== '')
        .join('\n'),
    );
  });

  it('keeps the request card with its meeting part under the limit, even for pathological text', () => {
    const o = { ...loadOrg(undefined).org, ...org } as OrgConfig;
    const parsed = parseRequestForm(o, seedRaw());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const form = {
      ...parsed.value,
      summary: 'あ'.repeat(2000),
      points: 'い'.repeat(2000),
      coordination: parsed.value.coordination.map(() => ({ party: 'う'.repeat(100), item: 'え'.repeat(300), status: 'お'.repeat(300) })),
    };
    const request: AgendaRequest = {
      id: 'r1',
      caseNo: 'R8-001',
      fiscalYear: 2026,
      seq: 1,
      version: 3,
      status: 'filed',
      form,
      createdBy: { platform: 'teams', userId: 'u' },
      origin: { platform: 'teams', channelId: 'c' },
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    const summary = { tierId: 'kacho', tierName: '関係課長会議', opinions: 30, unanswered: 2, attendance: { present: 17, of: 17 }, closed: true };
    const card = requestCard(requestView(request, o, summary));
    expectValidCard(card);
    expect(cardText(card)).toContain('関係課長会議: 意見 30件（未回答 2件）・出席 17/17・会議終了');
    expect(buttonTitles(card)).toEqual([
      '出席登録',
      '出席',
      '意見を記入',
      '議事録',
      '結果記録',
      '会議を終了',
      '編集',
      '日程',
      'PDF',
      '履歴',
      '取り下げ',
    ]);
  });
});
