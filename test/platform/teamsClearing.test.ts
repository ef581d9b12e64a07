/**
 * Teams' renderer sends only inputs that hold a value: a field the person empties is
 * missing from the submission, not sent as ''. Each kind of field cleared in Teams must
 * be stored as cleared: a text (備考), an optional table cell, a tier's 審議希望日 and
 * an opinion's tags.
 */
import type { OrgConfig } from '../../src/domain/org';
import { seedRaw } from '../fixtures/seedRaw';
import { TeamsDialog } from '../support/teamsDialog';
import { rendererSubmit } from '../support/teamsCards';
import { TeamsConversation } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { fileSeedInTeams } from '../support/teamsForm';
import { currentRequestCard, expectAllCardsValid, mustOpen, opinionCard, runTexts, teamsPerson } from '../support/teamsMeeting';

const SECRETARIAT = teamsPerson('secretariat', '事務局');
const AUTHOR = teamsPerson('member-zaimu', 'zaimu');
const org: Partial<OrgConfig> = {
  secretariat: { slack: [], teams: [SECRETARIAT.aadObjectId] },
  members: { slack: {}, teams: { [AUTHOR.aadObjectId]: 'zaimu' } },
};

describe('clearing fields in Teams, as the renderer sends them', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({ now: '2026-11-24T01:00:00Z', org });
  });
  afterEach(async () => {
    expectAllCardsValid(t);
    await t.stop();
  });

  async function filed() {
    await fileSeedInTeams(t, { ...seedRaw(), remarks: '12月定例会で報告予定' });
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    const [post] = await t.app.db.repositories.posts.listFor(request.id);
    return { request, messageId: post.messageId, card: () => currentRequestCard(t, post.messageId) };
  }

  it('sends a cleared input as nothing at all, and a required one not at all', async () => {
    const r = await filed();
    const d = await TeamsDialog.open(t.url, { verb: 'request.edit', requestId: r.request.id }, t.as({ replyToId: r.messageId }));
    const next = d.buttons().find((b) => b.title === '次へ');
    const sent = rendererSubmit(d.card, next, { points: '' });
    expect(sent).not.toHaveProperty('points');
    expect(sent.title).toBe(r.request.form.title);
    // A required input left empty is never sent: the client stops the press.
    const required = {
      ...d.card,
      body: [...d.card.body, { type: 'Input.Text', id: 'must', label: '必須', isRequired: true, errorMessage: '入力してください' }],
    };
    expect(() => rendererSubmit(required, next, {})).toThrow(/required input "必須" is empty/);
    expect(rendererSubmit(required, next, { must: 'x' })).toMatchObject({ must: 'x' });
  });

  it('stores a cleared 備考 and a cleared optional table cell as cleared', async () => {
    const r = await filed();
    const raw = { ...seedRaw(), remarks: '12月定例会で報告予定' };
    const cell = raw.coordination.findIndex((row) => row.status !== '');
    expect(cell).toBeGreaterThanOrEqual(0);

    const d = await TeamsDialog.open(t.url, { verb: 'request.edit', requestId: r.request.id }, t.as({ replyToId: r.messageId }));
    await d.press('次へ');
    expect(d.input(`coordination.${cell}.status`).value).toBe(raw.coordination[cell].status);
    await d.press('次へ', { [`coordination.${cell}.status`]: '' });
    expect(d.input('remarks').value).toBe(raw.remarks);
    const done = await d.press('更新する', { remarks: '' });

    expect(done.message).toBe(`案件 ${r.request.caseNo} を更新しました（関係部局との調整、備考）。`);
    const stored = (await t.app.db.repositories.requests.get(r.request.id))!;
    expect(stored.form.remarks).toBe('');
    expect(stored.form.coordination[cell]).toMatchObject({ party: raw.coordination[cell].party, status: '' });
  });

  it('stores a tier’s 審議希望日 cleared in 日程 as not needed', async () => {
    const r = await filed();
    expect(r.request.form.desiredDates.kyoku).not.toBeNull();
    const d = await mustOpen(t, r.card(), '日程', t.as({ replyToId: r.messageId }));
    const done = await d.press('更新する', { 'desiredDates.kyoku': '' });

    expect(done.message).toBe(`案件 ${r.request.caseNo} を更新しました（審議希望日）。`);
    const stored = (await t.app.db.repositories.requests.get(r.request.id))!;
    expect(stored.form.desiredDates.kyoku).toBeNull();
    expect(stored.form.desiredDates.kacho).toEqual(r.request.form.desiredDates.kacho);
  });

  it('stores an opinion whose tags were removed in 訂正 without tags', async () => {
    const r = await filed();
    const add = await mustOpen(t, r.card(), '意見を記入', t.as({ from: AUTHOR }));
    await add.press('記入する', { text: '成果指標を示すこと', tags: '財源, 成果指標' });
    const posted = await opinionCard(t, TeamsConversation.id, 1);
    expect(runTexts([posted])).toContain('#財源　#成果指標');

    const edit = await mustOpen(t, posted, '訂正', t.as({ from: AUTHOR }));
    expect(edit.input('tags').value).toBe('財源, 成果指標');
    await edit.press('訂正する', { tags: '' });

    const stored = (await t.app.db.repositories.reviews.get(r.request.id, 'kacho'))!;
    expect(stored.opinions[0]).toMatchObject({ text: '成果指標を示すこと', tags: [] });
  });
});
