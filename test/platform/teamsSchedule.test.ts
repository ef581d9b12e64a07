import { confirmHint } from '../../src/domain/text.ja';
import { seedTitle } from '../fixtures/seedRaw';
import { fileMinimalInSlack } from '../support/modal';
import { cardText, expectValidCard } from '../support/teamsCards';
import { TeamsConversation, TeamsUser } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { fileSeedInTeams } from '../support/teamsForm';
import { buttonTitles, currentRequestCard, mustOpen, openDialog } from '../support/teamsMeeting';

const SECRETARIAT = { id: '29:secretariat', aadObjectId: '00000000-0000-0000-0000-0000000000s1', name: '事務局' };
const OTHER = { id: '29:other', aadObjectId: '00000000-0000-0000-0000-0000000000b2', name: '他課職員' };

const CLOSED = '閉庁日（土日・祝日・年末年始）です。開庁日を入力してください。';

describe('「日程」 on a request card in Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    // Tuesday 2026-11-24, 10:00 in Tokyo (Monday 11/23 is 勤労感謝の日).
    t = await startTeamsTestApp({ now: '2026-11-24T01:00:00Z', org: { secretariat: { slack: [], teams: [SECRETARIAT.aadObjectId] } } });
  });
  afterEach(async () => t.stop());

  async function filed() {
    await fileSeedInTeams(t);
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    const [post] = await t.app.db.repositories.posts.listFor(request.id);
    return { request, messageId: post.messageId, card: () => currentRequestCard(t, post.messageId) };
  }

  it('lets the filer change the dates; the card is updated in place (PUT) and the change is in the history', async () => {
    const r = await filed();
    expect(buttonTitles(r.card()).slice(-5)).toEqual(['編集', '日程', 'PDF', '履歴', '取り下げ']);
    const d = await mustOpen(t, r.card(), '日程', t.as({ replyToId: r.messageId }));
    expect(d.title).toBe('審議希望日の変更');
    expect(cardText(d.card)).toContain(seedTitle);
    // One input per tier: a tier held as needed is typed; the others choose among their open
    // meetings (11/23 勤労感謝の日 moves 局経営会議 to the 24th), with the kept past dates shown
    // as その他の日 so nothing is lost.
    const ids = d.inputs().map((i) => i.id);
    expect(ids).toEqual(
      t.org.tiers.flatMap((tier) => (tier.rrule ? [`desiredDates.${tier.id}`, `desiredDates.${tier.id}.other`] : [`desiredDates.${tier.id}`])),
    );
    expect(d.input('desiredDates.kacho')).toMatchObject({
      type: 'Input.Text',
      value: '平成21年4月16日',
      placeholder: '例: R8.4.16 / 令和8年4月16日 / 2026-04-16',
    });
    expect(d.input('desiredDates.kyoku')).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', value: 'other' });
    expect(d.input('desiredDates.kyoku.other').value).toBe('平成21年5月18日');
    expect(
      d
        .input('desiredDates.kyoku')
        .choices.slice(0, 3)
        .map((c: { title: string }) => c.title),
    ).toEqual(['令和8年11月24日(火)', '令和8年11月30日(月)', '令和8年12月7日(月)']);

    const updatesBefore = t.connector.calls().filter((c) => c.kind === 'update').length;
    const done = await d.press('更新する', { 'desiredDates.kyoku': '2026-12-07', 'desiredDates.chosei': '2026-12-16' });
    expect(done.message).toBe(`案件 ${r.request.caseNo} を更新しました（審議希望日）。`);

    const update = await t.connector.waitFor(
      (c) => c.kind === 'update' && t.connector.calls().filter((x) => x.kind === 'update').length > updatesBefore,
    );
    expect(update).toMatchObject({ method: 'PUT', conversationId: TeamsConversation.id, activityId: r.messageId });
    const card = update.body.attachments[0].content;
    expectValidCard(card);
    expect(cardText(card)).toContain('令和8年12月7日');
    expect(cardText(card)).toContain('令和8年12月16日');
    expect(cardText(card)).toContain('第2版');

    const stored = (await t.app.db.repositories.requests.get(r.request.id))!;
    expect(stored.form.desiredDates.kyoku).toEqual({ precision: 'day', year: 2026, month: 12, day: 7 });
    expect(stored.form.desiredDates.chosei).toEqual({ precision: 'day', year: 2026, month: 12, day: 16 });
    // The unchanged past date was not questioned.
    expect(stored.form.desiredDates.kacho).toEqual({ precision: 'day', year: 2009, month: 4, day: 16 });
    const history = await t.app.db.repositories.requests.history(r.request.id);
    expect(history.at(-1)).toMatchObject({ kind: 'updated', actor: { platform: 'teams', userId: TeamsUser.aadObjectId } });
    expect(history.at(-1)!.changes.map((c) => c.field)).toEqual(['desiredDates']);
  });

  it('refuses a closed day under its input, keeping what was typed; a past or irregular day needs a second submit', async () => {
    const r = await filed();
    const d = await mustOpen(t, r.card(), '日程', t.as());

    // Sunday 11/29 is closed: refused, whatever is submitted again.
    let res = await d.press('更新する', { 'desiredDates.kyoku': 'R8.11.29', 'desiredDates.chosei': 'R8.12.16' });
    expect(res.message).toBeNull();
    expect(d.errors()).toContain(CLOSED);
    expect(d.input('desiredDates.kyoku')).toMatchObject({ value: 'other', errorMessage: CLOSED });
    expect(d.input('desiredDates.kyoku.other').value).toBe('R8.11.29');
    expect(d.input('desiredDates.chosei.other').value).toBe('R8.12.16');
    res = await d.press('更新する');
    expect(res.message).toBeNull();
    expect(d.errors()).toContain(CLOSED);

    // 政策会議 holds no ad-hoc meetings (adHoc: false): an irregular day is refused outright.
    res = await d.press('更新する', { 'desiredDates.kyoku': 'R8.12.7', 'desiredDates.seisaku': '2026-12-22' });
    expect(res.message).toBeNull();
    const seisaku = d.errors().find((e) => e.startsWith('政策会議の定例日ではありません'));
    expect(seisaku).toBeDefined();
    expect(seisaku).not.toContain(confirmHint);
    res = await d.press('更新する');
    expect(d.errors().some((e) => e.startsWith('政策会議の定例日ではありません'))).toBe(true);

    // A past day and a day off 政策調整会議's calendar: warnings, confirmed by submitting again.
    res = await d.press('更新する', { 'desiredDates.kyoku': 'R8.11.16', 'desiredDates.chosei': 'R8.12.3', 'desiredDates.seisaku': '' });
    expect(res.message).toBeNull();
    expect(d.errors()).toEqual([]);
    const text = cardText(d.card);
    expect(text).toContain('確認が必要な審議希望日があります。');
    expect(text).toContain(`過去の日付です。${confirmHint}`);
    expect(text).toContain(
      `政策調整会議の定例日ではありません（次回以降の定例日: 令和8年12月2日(水)、令和8年12月16日(水)、令和9年1月6日(水)）。${confirmHint}`,
    );
    expect(d.input('desiredDates.kyoku.other').value).toBe('R8.11.16');
    expect(d.input('desiredDates.chosei.other').value).toBe('R8.12.3');
    expect((await t.app.db.repositories.requests.get(r.request.id))!.version).toBe(1);

    res = await d.press('更新する');
    expect(res.message).toBe(`案件 ${r.request.caseNo} を更新しました（審議希望日）。`);
    const stored = (await t.app.db.repositories.requests.get(r.request.id))!;
    expect(stored.form.desiredDates.kyoku).toEqual({ precision: 'day', year: 2026, month: 11, day: 16 });
    expect(stored.form.desiredDates.chosei).toEqual({ precision: 'day', year: 2026, month: 12, day: 3 });
    expect(stored.form.desiredDates.seisaku).toBeNull();
    const update = await t.connector.waitFor((c) => c.kind === 'update' && cardText(c.body.attachments[0].content).includes('令和8年12月3日'));
    expectValidCard(update.body.attachments[0].content);
  });

  it('lets the secretariat change the dates but refuses anyone else, saying why', async () => {
    const r = await filed();
    const refused = await openDialog(t, r.card(), '日程', t.as({ from: OTHER }));
    expect(refused).toEqual({ dialog: null, message: 'この案件を編集できるのは、申込者と庁議事務局だけです。' });
    const d = await mustOpen(t, r.card(), '日程', t.as({ from: SECRETARIAT }));
    expect((await d.press('更新する', { 'desiredDates.kyoku': 'R8.11.30' })).message).toBe(`案件 ${r.request.caseNo} を更新しました（審議希望日）。`);
    const history = await t.app.db.repositories.requests.history(r.request.id);
    expect(history.at(-1)).toMatchObject({ actor: { platform: 'teams', userId: SECRETARIAT.aadObjectId } });
  });

  it('updates the Slack message of a request filed in Slack', async () => {
    const request = await fileMinimalInSlack(t, { title: 'Slackから申し込んだ案件' });
    await t.fake.waitFor('chat.postMessage');
    const { dialog } = await openDialog(
      t,
      {
        actions: [
          { type: 'Action.Submit', title: '日程', data: { msteams: { type: 'task/fetch' }, verb: 'request.schedule', requestId: request.id } },
        ],
      },
      '日程',
      t.as({ from: SECRETARIAT }),
    );
    expect((await dialog!.press('更新する', { 'desiredDates.kyoku': 'R8.12.7' })).message).toBe(
      `案件 ${request.caseNo} を更新しました（審議希望日）。`,
    );
    const update = await t.fake.waitFor('chat.update');
    expect(JSON.stringify(update.args.blocks)).toContain('局経営会議　令和8年12月7日');
  });
});
