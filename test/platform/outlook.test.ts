/**
 * 見通し in Slack: `/案件申込 見通し` for the secretariat (everything, risks first with
 * their reasons) and for a plain filer (only what they may see), and the weekly post in
 * the secretariat's channel, once, on the week's first business day from the agenda hour.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertMessageWithinLimits, type BlockJson } from '../support/blockKit';
import { startTestApp, type TestApp } from '../support/app';
import { send, slashCommand } from '../support/slackRequests';
import { form, OTHER_FILER, outlookOrg, SECRETARIAT, SECRETARIAT_CHANNEL, store } from '../support/outlookSeed';
import { jpDay } from '../../src/domain/jpdate';
import { diffForms } from '../../src/domain/formChanges';
import type { AgendaRequest } from '../../src/domain/request';
import { Workspace } from '../support/workspace';

const WEEK_BEFORE = new Date('2026-11-19T01:00:00Z'); // Thursday 10:00 in Tokyo
const TODAY = new Date('2026-11-26T01:00:00Z'); // Thursday 10:00 in Tokyo: the window is 11/26–12/9

const textOf = (blocks: BlockJson[]) =>
  blocks
    .map((b) => (b.text as { text?: string } | undefined)?.text ?? (b.elements as { text: string }[] | undefined)?.map((e) => e.text).join(' ') ?? '')
    .join('\n');

interface Seeded {
  plan: AgendaRequest;
  late: AgendaRequest;
  inTime: AgendaRequest;
  unanswered: AgendaRequest;
  settled: AgendaRequest;
  othersUnanswered: AgendaRequest;
  moved: AgendaRequest;
}

/** One request per kind of risk, one in time, one whose reminder was settled (対応済み). */
async function seed(t: TestApp): Promise<Seeded> {
  t.clock.set(WEEK_BEFORE.toISOString());
  const info = { kind: '資料提供', period: jpDay(2026, 11, 27) };
  const inTime = await store(
    t.app,
    WEEK_BEFORE,
    form('(仮称)締切前の案件', { desiredDates: { kacho: null, kyoku: jpDay(2026, 11, 30), chosei: null, seisaku: null } }),
  );
  const unanswered = await store(t.app, WEEK_BEFORE, form('(仮称)情報提供の案件', { councilInfo: info }));
  const settled = await store(t.app, WEEK_BEFORE, form('(仮称)対応済みの案件', { councilInfo: info }));
  const othersUnanswered = await store(t.app, WEEK_BEFORE, form('(仮称)他の人の案件', { councilInfo: info }), OTHER_FILER);
  const filedForLater = await store(
    t.app,
    WEEK_BEFORE,
    form('(仮称)移された案件', { desiredDates: { kacho: null, kyoku: jpDay(2026, 12, 7), chosei: null, seisaku: null } }),
  );
  t.clock.set(TODAY.toISOString());
  // Moved onto the 11/30 meeting after its cut-off (11/25 12:00).
  const movedForm = { ...filedForLater.form, desiredDates: { ...filedForLater.form.desiredDates, kyoku: jpDay(2026, 11, 30) } };
  const moved = await t.app.db.repositories.requests.update(filedForLater.id, {
    form: movedForm,
    expectedVersion: filedForLater.version,
    actor: { platform: 'slack', userId: Workspace.userId },
    changes: diffForms(filedForLater.form, movedForm),
    now: TODAY,
  });
  if (!moved.ok) throw new Error('the move was not stored');
  const plan = await store(t.app, TODAY, form('(仮称)12月議会の案件', { councilSession: '令和8年第4回定例会' }));
  const late = await store(
    t.app,
    TODAY,
    form('(仮称)締切後の案件', { desiredDates: { kacho: null, kyoku: jpDay(2026, 11, 30), chosei: null, seisaku: null } }),
  );
  // The reminders due by now go out (in the filers' DMs: nothing was posted in a channel).
  await t.app.reminders.dispatchDue();
  const sent = (await t.app.db.repositories.reminders.listFor(settled.id)).find((r) => r.status === 'sent')!;
  await t.app.reminders.markDone(sent.id, { platform: 'slack', userId: Workspace.userId });
  return { plan, late, inTime, unanswered, settled, othersUnanswered, moved: moved.request };
}

async function ask(t: TestApp, userId: string): Promise<{ text: string; blocks: BlockJson[] }> {
  const before = t.fake.calls('response_url').length;
  await send(t.url, slashCommand({ text: '見通し', user_id: userId }));
  const res = await t.fake.waitFor('response_url', () => t.fake.calls('response_url').length > before);
  const blocks = res.args.blocks as BlockJson[];
  assertMessageWithinLimits(blocks, res.args.text as string);
  return { text: textOf(blocks), blocks };
}

describe('見通し in Slack', () => {
  let t: TestApp;
  afterEach(async () => t?.stop());

  it('shows the secretariat everything, the risks first, each with why', async () => {
    t = await startTestApp({ now: WEEK_BEFORE.toISOString(), org: outlookOrg(), env: { REMINDER_CHANNEL_INTERVAL_MS: '0' } });
    const s = await seed(t);
    const { text, blocks } = await ask(t, SECRETARIAT);
    expect((blocks[0].text as { text: string }).text).toBe('見通し（令和8年11月26日(木)〜令和8年12月9日(水)）');
    // Six, plus the 別紙資料 reminder before the cut-off of the request filed in time without any.
    expect(text).toContain('*要注意 7件*');
    // Risks first: the council plan, the cut-off, then the reminders left unanswered.
    const at = (r: AgendaRequest) => text.indexOf(`*${r.caseNo}*`);
    expect(at(s.plan)).toBeGreaterThan(0);
    expect(at(s.plan)).toBeLessThan(at(s.late));
    expect(at(s.late)).toBeLessThan(at(s.unanswered));
    expect(text.indexOf('*会議')).toBeGreaterThan(at(s.othersUnanswered));
    expect(text).toContain(
      '令和8年第4回定例会（12月）の議案提出期限（令和8年11月16日(月)）を過ぎています。間に合う次の定例会: 令和9年第1回定例会（2月）',
    );
    expect(text).toContain(
      '局経営会議（令和8年11月30日(月)）の申込締切（令和8年11月25日(水) 12:00）を過ぎてから申し込まれています（申込 令和8年11月26日(木)）',
    );
    expect(text).toContain(
      '「議会への情報提供（資料提供）の時期」（期限 令和8年11月27日（金））の通知を令和8年11月26日(木)に送りましたが、「対応済み」も「延期」も押されていません（あと1営業日）',
    );
    expect(text).toContain(
      `【申込締切】*${s.moved.caseNo}*　(仮称)移された案件　（企画財政局 企画部 情報政策担当）\n• 局経営会議（令和8年11月30日(月)）の申込締切（令和8年11月25日(水) 12:00）を過ぎてから、審議希望日がこの会議に変更されています（変更 令和8年11月26日(木)）。`,
    );
    // Filed in time, but its materials reminder (due yesterday) was not acted upon; the
    // settled one (対応済み) is no risk.
    const risks = text.slice(0, text.indexOf('*会議'));
    expect(risks).toContain(
      `【未対応の通知】*${s.inTime.caseNo}*　(仮称)締切前の案件　（企画財政局 企画部 情報政策担当）\n• 「局経営会議の資料提出期限（3営業日前）」（期限 令和8年11月25日（水））の通知を令和8年11月26日(木)に送りましたが、「対応済み」も「延期」も押されていません（期限を1営業日過ぎています）。`,
    );
    expect(risks).toContain(
      `【未対応の通知】*${s.inTime.caseNo}*　(仮称)締切前の案件　（企画財政局 企画部 情報政策担当）\n• 「局経営会議の申込締切（別紙資料がまだ登録されていません）」（期限 令和8年11月25日（水） 12:00まで）の通知を令和8年11月26日(木)に送りましたが`,
    );
    expect(risks).not.toContain(s.settled.caseNo);
    // Meetings with their items, and the window's deadlines (the org's cut-offs among them).
    expect(text).toMatch(/\*令和8年11月30日\(月\) 局経営会議\*　申込締切 令和8年11月25日\(水\) 12:00\n1\. \*R8-00\d\*/);
    expect(text).toContain(`*${s.inTime.caseNo}*`);
    expect(text).toContain('• 局経営会議（令和8年12月7日(月)）の申込締切　令和8年12月2日(水) 12:00');
    expect(text).toMatch(new RegExp(`議会への情報提供（資料提供）の時期　令和8年11月27日（金）　\\*${s.settled.caseNo}\\*[^\\n]*（対応済み）`));
  });

  it('shows a plain filer the same outlook with only what they may see', async () => {
    t = await startTestApp({ now: WEEK_BEFORE.toISOString(), org: outlookOrg(), env: { REMINDER_CHANNEL_INTERVAL_MS: '0' } });
    const s = await seed(t);
    const { text } = await ask(t, Workspace.userId);
    expect(text).toContain('あなたが閲覧できる案件だけを表示しています');
    expect(text).toContain('*要注意 6件*');
    expect(text).toContain(`*${s.unanswered.caseNo}*`);
    expect(text).not.toContain(s.othersUnanswered.caseNo);
    expect(text).toContain('局経営会議（令和8年12月7日(月)）の申込締切');
  });

  it('posts the week’s outlook once in the secretariat channel on Monday from the agenda hour, and again only the next week', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chogi-outlook-'));
    const databaseUrl = `file:${join(dir, 'chogi.db')}`;
    try {
      t = await startTestApp({ now: '2026-11-29T22:00:00Z', org: outlookOrg(), databaseUrl }); // Monday 07:00 in Tokyo
      await store(
        t.app,
        t.clock.now(),
        form('(仮称)週の案件', { desiredDates: { kacho: null, kyoku: jpDay(2026, 12, 7), chosei: null, seisaku: null } }),
      );
      expect(await t.app.postDueOutlook()).toBe(0); // before the agenda hour (8)
      t.clock.set('2026-11-29T23:00:00Z');
      expect(await t.app.postDueOutlook()).toBe(1);
      const post = t.fake.last('chat.postMessage');
      expect(post.args.channel).toBe(SECRETARIAT_CHANNEL);
      assertMessageWithinLimits(post.args.blocks, post.args.text);
      expect((post.args.blocks[0].text as { text: string }).text).toBe('今週の見通し　見通し（令和8年11月30日(月)〜令和8年12月13日(日)）');
      expect(textOf(post.args.blocks)).toContain('(仮称)週の案件');
      expect(await t.app.postDueOutlook()).toBe(0);
      // Tuesday: not the week's first business day.
      t.clock.set('2026-12-01T00:00:00Z');
      expect(await t.app.postDueOutlook()).toBe(0);
      await t.stop();

      // A restart on the same database on Monday does not post it again.
      t = await startTestApp({ now: '2026-11-30T03:00:00Z', org: outlookOrg(), databaseUrl });
      expect(await t.app.postDueOutlook()).toBe(0);
      // The next Monday it does.
      t.clock.set('2026-12-06T23:30:00Z');
      expect(await t.app.postDueOutlook()).toBe(1);
      expect(t.fake.calls('chat.postMessage').filter((c) => c.args.channel === SECRETARIAT_CHANNEL)).toHaveLength(1);
    } finally {
      await t.stop();
      t = undefined as unknown as TestApp;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never posts the outlook into a secretariat channel shared with another organisation', async () => {
    t = await startTestApp({ now: '2026-11-29T23:00:00Z', org: outlookOrg() });
    t.fake.setChannel(SECRETARIAT_CHANNEL, { is_ext_shared: true });
    expect(await t.app.postDueOutlook()).toBe(0);
    expect(await t.app.postDueOutlook()).toBe(0);
    expect(t.fake.calls('chat.postMessage').filter((c) => c.args.channel === SECRETARIAT_CHANNEL)).toHaveLength(0);
  });
});
