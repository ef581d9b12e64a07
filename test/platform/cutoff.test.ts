import { confirmHint } from '../../src/domain/text.ja';
import { loadOrg } from '../../src/infra/config';
import type { Tier } from '../../src/domain/org';
import { seedRaw } from '../fixtures/seedRaw';
import { startTestApp, type TestApp } from '../support/app';
import { ModalDriver } from '../support/modal';
import type { BlockJson } from '../support/blockKit';
import { cardText } from '../support/teamsCards';
import { TeamsDialog } from '../support/teamsDialog';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';

/** Wednesday 2026-11-25, 13:00 in Tokyo: an hour past 局経営会議's cut-off for Monday 11/30. */
const PAST_NOON = '2026-11-25T04:00:00Z';
const withCutoff = (action: 'refuse' | 'warn'): { tiers: Tier[] } => ({
  tiers: loadOrg(undefined).org.tiers.map((t) => (t.id === 'kyoku' ? { ...t, cutoff: { businessDays: 3, time: '12:00', action } } : t)),
});
const MESSAGE =
  '局経営会議（令和8年11月30日(月)）の申込締切（令和8年11月25日(水) 12:00）を過ぎています。申込に間に合う次の局経営会議: 令和8年12月7日(月)。';
const basics = (kyoku: string) => {
  const raw = seedRaw();
  return { filedOn: '令和8年11月25日', title: raw.title, owner: raw.owner, summary: raw.summary, 'desiredDates.kyoku': kyoku };
};

describe('申込締切 in Slack (refused)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: PAST_NOON, org: withCutoff('refuse') });
  });
  afterEach(async () => t.stop());

  it('refuses a meeting past its cut-off, every time, naming the next one still open; that one goes ahead', async () => {
    const m = await ModalDriver.open(t);
    // The choice offers only the meetings still open; 11/30 is typed as その他の日.
    const kyoku = (m.view.blocks as BlockJson[]).find((b) => b.block_id === 'desiredDates.kyoku')!;
    const labels = (kyoku.element.options as BlockJson[]).map((o) => o.text.text);
    expect(labels.slice(0, 3)).toEqual(['令和8年12月7日(月)', '令和8年12月14日(月)', '令和8年12月21日(月)']);
    expect(labels.join()).not.toContain('11月30日');
    expect((await m.submit(basics('R8.11.30'))).body).toEqual({ response_action: 'errors', errors: { 'desiredDates.kyoku': MESSAGE } });
    expect((await m.submit(basics('R8.11.30'))).body).toEqual({ response_action: 'errors', errors: { 'desiredDates.kyoku': MESSAGE } });
    // The person now chooses the open meeting instead of typing it.
    expect((await m.submit(basics('2026-12-07'))).body).toMatchObject({ response_action: 'update' });
    expect(m.title()).toBe('庁議 案件申込書 (2/3)');
  });
});

describe('申込締切 in Teams (warned)', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({ now: PAST_NOON, org: withCutoff('warn') });
  });
  afterEach(async () => t.stop());

  it('warns once; pressing again with the same date goes ahead', async () => {
    const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as());
    await d.press('次へ', basics('R8.11.30'));
    expect(d.title).toBe('庁議 案件申込書 (1/3)');
    expect(cardText(d.card)).toContain(MESSAGE + confirmHint);
    await d.press('次へ');
    expect(d.title).toBe('庁議 案件申込書 (2/3)');
  });
});
