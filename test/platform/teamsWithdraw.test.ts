import { cardText, expectValidCard } from '../support/teamsCards';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { postedSeedInTeams } from '../support/teamsForm';
import { buttonTitles, currentRequestCard, mustOpen, openDialog } from '../support/teamsMeeting';
import { eventually } from '../support/eventually';

const SECRETARIAT = { id: '29:secretariat', aadObjectId: '00000000-0000-0000-0000-0000000000s1', name: '事務局' };
const OTHER = { id: '29:other', aadObjectId: '00000000-0000-0000-0000-0000000000b2', name: '他課職員' };

describe('取り下げ and 履歴 on a request card in Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({ now: '2026-11-24T01:00:00Z', org: { secretariat: { slack: [], teams: [SECRETARIAT.aadObjectId] } } });
  });
  afterEach(async () => t.stop());

  it('withdraws with a reason in a dialog, updates the card, refuses edits, and the secretariat undoes it; 履歴 shows it', async () => {
    const { request, post } = await postedSeedInTeams(t);
    const card = () => currentRequestCard(t, post.messageId);
    const original = card();
    expect(cardText(original)).toContain('状況');
    expect(cardText(original)).toContain('審議中（関係課長会議）'); // its 関係課長会議 day (H21.4.16) has come

    expect((await openDialog(t, card(), '取り下げ', t.as({ from: OTHER }))).message).toBe('案件を取り下げられるのは、申込者と庁議事務局だけです。');
    const d = await mustOpen(t, card(), '取り下げ', t.as({ replyToId: post.messageId }));
    expect(d.title).toBe('案件の取り下げ');
    expect((await d.press('取り下げる', { withdrawReason: '' })).message).toBeNull();
    expect(d.errors()).toContain('取り下げの理由を入力してください。');
    expect((await t.app.db.repositories.requests.get(request.id))!.status).toBe('filed');
    const done = await d.press('取り下げる', { withdrawReason: '所管替えのため' });
    expect(done.message).toBe(`案件 ${request.caseNo} を取り下げました。`);

    await eventually(() => expect(cardText(card())).toContain('【取り下げ】'));
    expectValidCard(card());
    expect(buttonTitles(card())).toEqual(['履歴', '取り下げを取り消す']);
    expect((await t.app.db.repositories.requests.get(request.id))!.status).toBe('withdrawn');

    // From the card as it was before: refused with the reason, nothing changed.
    expect((await openDialog(t, original, '日程', t.as())).message).toContain('この案件は取り下げられているため、変更できません');
    expect((await openDialog(t, original, '編集', t.as())).message).toContain('この案件は取り下げられているため、変更できません');
    expect((await openDialog(t, original, '意見を記入', t.as())).message).toContain('この案件は取り下げられているため、変更できません');

    expect((await openDialog(t, card(), '取り下げを取り消す', t.as())).message).toBe('取り下げを取り消せるのは庁議事務局だけです。');
    const undo = await mustOpen(t, card(), '取り下げを取り消す', t.as({ from: SECRETARIAT }));
    expect((await undo.press('取り消す')).message).toBe(`案件 ${request.caseNo} の取り下げを取り消しました。`);
    await eventually(() => expect(cardText(card())).not.toContain('【取り下げ】'));
    expect((await t.app.db.repositories.requests.get(request.id))!.status).toBe('filed');

    const h = await mustOpen(t, card(), '履歴', t.as({ from: OTHER }));
    expect(h.title).toBe(`履歴 ${request.caseNo}`);
    const text = cardText(h.card);
    expect(text.indexOf('取り下げを取り消しました')).toBeLessThan(text.indexOf('取り下げました（理由: 所管替えのため）'));
    expect(text.indexOf('取り下げました（理由: 所管替えのため）')).toBeLessThan(text.indexOf('申込を受け付けました'));
    expect(text).toContain('令和8年11月24日 10:00');
  });
});
