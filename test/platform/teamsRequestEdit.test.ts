import { seedRaw, seedTitle } from '../fixtures/seedRaw';
import { fileMinimalInSlack } from '../support/modal';
import { cardText, elements, expectValidCard } from '../support/teamsCards';
import { TeamsDialog } from '../support/teamsDialog';
import { messageActivity, postActivity, taskFetch, TeamsConversation, TeamsUser } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { fileSeedInTeams, postedSeedInTeams } from '../support/teamsForm';
import { requestView } from '../../src/app/requestView';
import { requestCard } from '../../src/teams/cards/requestCard';
import { requestFormCard } from '../../src/teams/cards/requestFormCard';
import type { AgendaRequest } from '../../src/domain/request';
import { parseRequestForm } from '../../src/domain/requestForm';

const SECRETARIAT = { id: '29:secretariat', aadObjectId: '00000000-0000-0000-0000-0000000000s1', name: '事務局' };
const OTHER = { id: '29:other', aadObjectId: '00000000-0000-0000-0000-0000000000b2', name: '他課職員' };

describe('editing a request in Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({ org: { secretariat: { slack: [], teams: [SECRETARIAT.aadObjectId] } } });
  });
  afterEach(async () => t.stop());

  it('lets the filer change it and updates the posted card in place (PUT), never reposting', async () => {
    const { request, post } = await postedSeedInTeams(t);
    const sentBefore = t.connector.calls().filter((c) => c.kind !== 'update').length;
    const d = await TeamsDialog.open(t.url, { verb: 'request.edit', requestId: request.id }, t.as({ replyToId: post.messageId }));
    expect(d.title).toBe('案件申込書の編集 (1/3)');
    expect(d.input('title').value).toBe(seedTitle);
    await d.press('次へ', { title: '(仮称)情報マネジメント推進計画の策定について(最終報告)' });
    await d.press('次へ');
    const done = await d.press('更新する', { remarks: '12月定例会で報告予定' });
    expect(done.message).toBe(`案件 ${request.caseNo} を更新しました（案件名、備考）。`);

    const update = await t.connector.waitFor((c) => c.kind === 'update');
    expect(update).toMatchObject({ method: 'PUT', conversationId: TeamsConversation.id, activityId: post.messageId });
    const card = update.body.attachments[0].content;
    expectValidCard(card);
    expect(cardText(card)).toContain('(最終報告)');
    expect(cardText(card)).toContain('12月定例会で報告予定');
    expect(cardText(card)).toContain('第2版');
    expect(t.connector.calls().filter((c) => c.kind !== 'update')).toHaveLength(sentBefore);
    const history = await t.app.db.repositories.requests.history(request.id);
    expect(history[1]).toMatchObject({ kind: 'updated', actor: { platform: 'teams', userId: TeamsUser.aadObjectId } });
  });

  it("writes nothing into the filer's edit draft for anyone else who sends its dialog", async () => {
    const { request, post } = await postedSeedInTeams(t);
    const mine = await TeamsDialog.open(t.url, { verb: 'request.edit', requestId: request.id }, t.as({ replyToId: post.messageId }));
    const draftId = String(mine.buttons().find((b) => b.title === '次へ').data.d);
    const typed = async () => JSON.stringify((await t.app.db.repositories.drafts.get(draftId))!.data);
    const original = await typed();
    // The same dialog's data sent by someone else (a forged or forwarded submit).
    const forged = new TeamsDialog(t.url, t.as({ from: OTHER }), mine.title, mine.card);
    expect((await forged.press('次へ', { title: '他人が書いた案件名' })).message).toBe(
      'この申込書は別の人が入力中のものです。ご自分の申込書はコマンドから始めてください。',
    );
    expect(await typed()).toBe(original);
    // The filer's own submission is kept as always.
    expect((await mine.press('次へ', { title: '申込者が直した案件名' })).message).toBeNull();
    expect(await typed()).toContain('申込者が直した案件名');
  });

  it('lets the secretariat edit but refuses anyone else, saying why', async () => {
    const { request } = await postedSeedInTeams(t);
    const refused = await postActivity(t.url, taskFetch({ verb: 'request.edit', requestId: request.id }, t.as({ from: OTHER })));
    expect(refused.body).toEqual({ task: { type: 'message', value: 'この案件を編集できるのは、申込者と庁議事務局だけです。' } });
    const d = await TeamsDialog.open(t.url, { verb: 'request.edit', requestId: request.id }, t.as({ from: SECRETARIAT }));
    expect(d.input('title').value).toBe(seedTitle);
  });

  it("shows a request filed in Slack in Teams' 一覧; Teams users other than the secretariat cannot edit it, the secretariat's edit updates the Slack message", async () => {
    const request = await fileMinimalInSlack(t, { title: 'Slackから申し込んだ案件' });
    await t.fake.waitFor('chat.postMessage');
    // A Teams user with no tie to it (not the filer, not in its channel, another 所管) is not shown it.
    await postActivity(t.url, messageActivity('一覧', t.as()));
    const hidden = await t.connector.waitFor((c) => c.kind === 'reply');
    expect(cardText(hidden.body.attachments[0].content)).not.toContain('Slackから申し込んだ案件');
    expect(cardText(hidden.body.attachments[0].content)).not.toContain(request.caseNo);
    // The secretariat sees every request, wherever it was filed.
    await postActivity(t.url, messageActivity('一覧', t.as({ from: SECRETARIAT })));
    const list = await t.connector.waitFor((c) => c.kind === 'reply' && c !== hidden);
    expect(cardText(list.body.attachments[0].content)).toContain('Slackから申し込んだ案件');
    const refused = await postActivity(t.url, taskFetch({ verb: 'request.edit', requestId: request.id }, t.as()));
    expect(refused.body.task.type).toBe('message');

    // The secretariat edits it from Teams: the Slack message is updated in place.
    const d = await TeamsDialog.open(t.url, { verb: 'request.edit', requestId: request.id }, t.as({ from: SECRETARIAT }));
    await d.press('次へ', { title: 'Teamsで事務局が直した案件名' });
    await d.press('次へ');
    expect((await d.press('更新する')).message).toBe(`案件 ${request.caseNo} を更新しました（案件名）。`);
    const update = await t.fake.waitFor('chat.update');
    expect(JSON.stringify(update.args.blocks)).toContain('Teamsで事務局が直した案件名');
  });
});

describe('Teams cards: safety and size', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp();
  });
  afterEach(async () => t.stop());

  it('never lets user text become a link, a mention or Markdown', async () => {
    const raw = seedRaw();
    raw.title = '[ここを押す](https://evil.example/) <at>全員</at> **重要**';
    raw.summary = '- 箇条書き\n# 見出し\n[x](javascript:alert(1))';
    await fileSeedInTeams(t, raw);
    const posted = await t.connector.waitFor((c) => c.kind === 'reply' && c.body.attachments?.[0]?.content?.actions);
    const card = posted.body.attachments[0].content;
    expectValidCard(card);
    // User text only ever sits in TextRuns (plain text, no Markdown) and is kept as typed.
    const runs = elements(card)
      .filter((e) => e.type === 'TextRun')
      .map((e) => e.text);
    expect(runs).toContain(raw.title);
    expect(runs).toContain(raw.summary);
    const markdownish = elements(card)
      .filter((e) => e.type === 'TextBlock' || e.type === 'FactSet')
      .map((e) => JSON.stringify(e));
    for (const s of markdownish) {
      expect(s).not.toContain('](');
      expect(s).not.toContain('<at>');
    }
  });

  it('keeps every card under 28 KB with the largest realistic request (15 coordination rows, 20 history rows, long texts)', async () => {
    const raw = seedRaw();
    raw.title = '(仮称)'.padEnd(150, '情報マネジメント推進計画の策定について');
    raw.summary = raw.summary.repeat(6).slice(0, 1200);
    raw.points = raw.points.repeat(10).slice(0, 600);
    raw.remarks = '備考'.repeat(150);
    raw.coordination = Array.from({ length: 15 }, (_, i) => ({
      party: `関係部局${i + 1}（企画財政局企画部）`,
      item: '計画策定における関連施策の調査と今後の方向性の確認について',
      status: '回答のあった課・機関とのヒアリングを実施し、課題を確認した',
    }));
    raw.history = Array.from({ length: 20 }, (_, i) => ({
      date: `H21.${(i % 12) + 1}.1`,
      meeting: `検討会議(第${i + 1}回)`,
      content: '①現行計画の評価・検証について ②策定方針について ③計画概要の検討',
    }));
    const parsed = parseRequestForm(t.org, raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const request: AgendaRequest = {
      id: 'r1',
      caseNo: 'R8-001',
      fiscalYear: 2026,
      seq: 1,
      version: 3,
      status: 'filed',
      form: parsed.value,
      createdBy: { platform: 'teams', userId: 'u' },
      origin: { platform: 'teams', channelId: 'c' },
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    const posted = requestCard(requestView(request, t.org));
    expectValidCard(posted);
    expect(cardText(posted)).not.toContain('長いため表示を省略しました');
    for (const page of ['basics', 'schedule', 'history'] as const) {
      expectValidCard(requestFormCard({ draftId: 'd'.repeat(36), page, raw, org: t.org, editing: 'R8-001', errors: [] }));
    }
    // Pathological text (every field at its limit) is cut, with a note, never over the limit.
    const huge = {
      ...request,
      form: {
        ...request.form,
        summary: 'あ'.repeat(2000),
        points: 'い'.repeat(2000),
        coordination: request.form.coordination.map(() => ({ party: 'う'.repeat(100), item: 'え'.repeat(300), status: 'お'.repeat(300) })),
      },
    };
    const cut = requestCard(requestView(huge, t.org));
    expectValidCard(cut);
    expect(cardText(cut)).toContain('長いため表示を省略しました');
  });
});
