import type { BlockJson } from '../support/blockKit';
import { startTestApp, type TestApp } from '../support/app';
import { ModalDriver } from '../support/modal';
import { blockActions, send } from '../support/slackRequests';
import { Workspace } from '../support/workspace';
import { seedRaw } from '../fixtures/seedRaw';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { TeamsDialog } from '../support/teamsDialog';
import { TeamsUser } from '../support/teamsActivities';

const raw = seedRaw();
const basics = { title: raw.title, owner: raw.owner, summary: raw.summary };
const blockOf = (m: ModalDriver, id: string) => (m.view.blocks as BlockJson[]).find((b) => b.block_id === id);

describe('審議希望日 as a choice in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    // Tuesday 2026-11-24, 10:00 in Tokyo.
    t = await startTestApp({ now: '2026-11-24T01:00:00Z' });
  });
  afterEach(async () => t.stop());

  it('reveals a text input when その他の日 is picked, keeping what was typed, and hides it again for a meeting', async () => {
    const m = await ModalDriver.open(t);
    expect(m.inputIds()).not.toContain('desiredDates.kyoku.other');
    await m.click('desiredDates.kyoku', { ...basics, points: '論点の下書き' }, 'other');
    expect(m.inputIds()).toContain('desiredDates.kyoku.other');
    expect(blockOf(m, 'desiredDates.kyoku')!.element.initial_option.value).toBe('other');
    expect(blockOf(m, 'desiredDates.kyoku.other')!.label.text).toBe('局経営会議（その他の日）');
    // Everything typed before the pick is still in the view.
    expect(blockOf(m, 'title')!.element.initial_value).toBe(raw.title);
    expect(blockOf(m, 'points')!.element.initial_value).toBe('論点の下書き');

    await m.click('desiredDates.kyoku', {}, '2026-12-07');
    expect(m.inputIds()).not.toContain('desiredDates.kyoku.other');
    expect(blockOf(m, 'desiredDates.kyoku')!.element.initial_option.value).toBe('2026-12-07');
    expect(blockOf(m, 'points')!.element.initial_value).toBe('論点の下書き');
  });

  it('files a chosen meeting, and checks a day typed as その他 as before', async () => {
    const m = await ModalDriver.open(t);
    // その他 picked but nothing typed: said so, on the choice.
    await m.click('desiredDates.kyoku', basics, 'other');
    let res = await m.submit({});
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { 'desiredDates.kyoku': '「その他の日」を選んだときは、日付を入力してください（例: R8.4.16）。' },
    });
    // A closed day typed as その他 is refused.
    res = await m.submit({ 'desiredDates.kyoku.other': 'R8.11.29' });
    expect(res.body.errors).toEqual({ 'desiredDates.kyoku': '閉庁日（土日・祝日・年末年始）です。開庁日を入力してください。' });
    // A meeting chosen goes ahead; 不要・未定 leaves a tier without a date.
    res = await m.submit({ 'desiredDates.kyoku': '2026-12-07', 'desiredDates.chosei': 'none' });
    expect(res.body.response_action).toBe('update');
    await m.submit({ ordinance: 'none', publicComment: 'none' });
    await m.submit({});
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    expect(request.form.desiredDates.kyoku).toEqual({ precision: 'day', year: 2026, month: 12, day: 7 });
    expect(request.form.desiredDates.chosei ?? null).toBeNull();
  });

  it('shows a saved date that is no longer offered as その他の日 with its text when editing', async () => {
    const m = await ModalDriver.open(t);
    await m.submitConfirming({ ...basics, 'desiredDates.kyoku': '2026-11-30' });
    await m.submit({ ordinance: 'none', publicComment: 'none' });
    await m.submit({});
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    const post = await t.fake.waitFor('chat.postMessage');

    // A week later 11/30 has passed: it is not among the choices, yet the edit shows it.
    t.clock.set('2026-12-01T01:00:00Z');
    const before = t.fake.calls('views.open').length;
    await send(
      t.url,
      blockActions({
        actions: [{ action_id: 'request.edit', value: request.id }],
        message: { ts: post.response.ts, blocks: post.args.blocks },
        channel: Workspace.channelId,
      }),
    );
    const open = await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
    const edit = new ModalDriver(t, t.fake.view(open.response.view.id)!);
    const kyoku = blockOf(edit, 'desiredDates.kyoku')!;
    expect((kyoku.element.options as BlockJson[]).map((o) => o.value)).not.toContain('2026-11-30');
    expect(kyoku.element.initial_option.value).toBe('other');
    expect(blockOf(edit, 'desiredDates.kyoku.other')!.element.initial_value).toBe('令和8年11月30日');
  });
});

describe('審議希望日 as a choice in Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({ now: '2026-11-24T01:00:00Z' });
  });
  afterEach(async () => t.stop());

  it('files a chosen meeting and a day typed as その他の日', async () => {
    const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as({ from: TeamsUser }));
    // A day typed under その他 with nothing chosen still counts: nothing typed is dropped.
    await d.press('次へ', {
      ...basics,
      filedOn: '令和8年11月24日',
      'desiredDates.kyoku': '2026-11-30',
      'desiredDates.chosei.other': 'R8.12.16',
    });
    expect(d.title).toBe('庁議 案件申込書 (2/3)');
    await d.press('次へ', { ordinance: 'none', publicComment: 'none' });
    const done = await d.press('申し込む');
    expect(done.message).toMatch(/を受け付けました/);
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    expect(request.form.desiredDates.kyoku).toEqual({ precision: 'day', year: 2026, month: 11, day: 30 });
    expect(request.form.desiredDates.chosei).toEqual({ precision: 'day', year: 2026, month: 12, day: 16 });
  });
});
