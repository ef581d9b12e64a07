import { createHistoryView, historyPage, whenText } from '../../src/app/historyView';
import { jpDay } from '../../src/domain/jpdate';
import { emptyReview } from '../../src/domain/meeting';
import type { AgendaRequest, ChangeEntry } from '../../src/domain/request';
import { classifyResult, requestStatus } from '../../src/domain/status';
import { loadOrg } from '../../src/infra/config';
import { seedForm } from '../fixtures/seedForm';

const org = loadOrg(undefined).org;
const today = jpDay(2026, 11, 24);

function request(over: Partial<AgendaRequest> = {}, dates: Record<string, string | null> = {}): AgendaRequest {
  const form = seedForm();
  form.desiredDates = Object.fromEntries(
    Object.entries(dates).map(([k, v]) => [k, v ? jpDay(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))) : null]),
  );
  return {
    id: 'r1',
    caseNo: 'R8-001',
    fiscalYear: 2026,
    seq: 1,
    version: 1,
    status: 'filed',
    form,
    createdBy: { platform: 'slack', userId: 'U1' },
    origin: { platform: 'slack', channelId: 'C1' },
    createdAt: new Date('2026-11-24T01:00:00Z'),
    updatedAt: new Date('2026-11-24T01:00:00Z'),
    ...over,
  };
}

const decided = (tierId: string, result: string) => ({ ...emptyReview('r1', tierId, new Date()), result });

describe('request status (状況)', () => {
  it('reads the configured results by their key words', () => {
    expect(org.results.map(classifyResult)).toEqual(['forward', 'forward', 'continued', 'approved', 'returned']);
    expect(classifyResult('決定')).toBe('decided');
    expect(classifyResult('報告済み')).toBe('other');
  });

  it('is 申込中 before the first meeting, 審議中 at its tier from its day or once something is recorded', () => {
    const r = request({}, { kacho: '2026-12-03', kyoku: '2026-12-07' });
    expect(requestStatus(org, r, [], today)).toEqual({ kind: 'filed', tierId: null, label: '申込中' });
    expect(requestStatus(org, r, [], jpDay(2026, 12, 3)).label).toBe('審議中（関係課長会議）');
    expect(requestStatus(org, r, [{ ...emptyReview('r1', 'kacho', new Date()), opinionSeq: 1 }], today).label).toBe('審議中（関係課長会議）');
  });

  it('follows the results: forwarded moves up a tier, the last forward completes, the others end where they were reached', () => {
    const r = request({}, { kacho: '2026-11-19', kyoku: '2026-11-30' });
    expect(requestStatus(org, r, [decided('kacho', '原案を上部庁議へ付議する')], today)).toEqual({
      kind: 'reviewing',
      tierId: 'kyoku',
      label: '審議中（局経営会議）',
    });
    expect(requestStatus(org, r, [decided('kacho', '原案を上部庁議へ付議する'), decided('kyoku', '修正のうえ上部庁議へ付議する')], today).label).toBe(
      '完了',
    );
    expect(requestStatus(org, r, [decided('kacho', '原案を上部庁議へ付議する'), decided('kyoku', '了承')], today).label).toBe('了承');
    expect(requestStatus(org, r, [decided('kacho', '継続審議')], today).label).toBe('継続審議（関係課長会議）');
    expect(requestStatus(org, r, [decided('kacho', '差し戻し')], today).label).toBe('差し戻し');
  });

  it('is 取り下げ whatever was recorded', () => {
    const r = request({ status: 'withdrawn' }, { kacho: '2026-11-19' });
    expect(requestStatus(org, r, [decided('kacho', '了承')], today)).toEqual({ kind: 'withdrawn', tierId: null, label: '取り下げ' });
  });
});

describe('history (履歴) as read', () => {
  const view = createHistoryView(org);
  const at = (iso: string) => new Date(iso);
  const entry = (version: number, over: Partial<ChangeEntry>): ChangeEntry => ({
    id: `c${version}`,
    requestId: 'r1',
    actor: { platform: 'slack', userId: 'U1' },
    at: at('2026-11-24T01:00:00Z'),
    kind: 'updated',
    changes: [],
    ...over,
  });

  it('dates in 和暦 with the time in Tokyo, whatever the server zone', () => {
    expect(whenText(at('2026-11-24T15:05:00Z'), 'wareki')).toBe('令和8年11月25日 00:05');
  });

  it('says what changed in the form’s words, field by field, newest first', () => {
    const items = view.items([
      entry(1, { kind: 'created' }),
      entry(2, {
        at: at('2026-11-25T02:30:00Z'),
        changes: [
          { field: 'title', old: '旧案件名', new: '新案件名' },
          { field: 'desiredDates', old: { kacho: jpDay(2026, 12, 3) }, new: { kacho: jpDay(2026, 12, 10), kyoku: jpDay(2026, 12, 14) } },
          {
            field: 'publicComment',
            old: { planned: false, period: null },
            new: { planned: true, period: { precision: 'month', year: 2027, month: 2 } },
          },
          { field: 'coordination', old: [], new: [{ party: '財政課', item: '予算', status: '調整中' }] },
        ],
      }),
      entry(3, {
        at: at('2026-11-26T02:00:00Z'),
        changes: [{ field: 'result.kacho', old: null, new: { result: '原案を上部庁議へ付議する', followUps: ['○詳細検討を進める。'] } }],
      }),
      entry(4, { at: at('2026-11-26T03:00:00Z'), changes: [{ field: 'attendance.kacho', old: null, new: ['zaimu'] }] }),
      entry(5, {
        at: at('2026-11-27T03:00:00Z'),
        kind: 'withdrawn',
        changes: [
          { field: 'status', old: 'filed', new: 'withdrawn' },
          { field: 'withdrawReason', old: null, new: '見送り' },
        ],
      }),
    ]);
    expect(items.map((i) => i.lines)).toEqual([
      ['取り下げました（理由: 見送り）'],
      ['出席課・機関等（関係課長会議）: （空欄） → 1課・機関（＋財務課長）'],
      ['結果等（関係課長会議）: （空欄） → 原案を上部庁議へ付議する（○詳細検討を進める。）'],
      [
        '案件名: 旧案件名 → 新案件名',
        '審議希望日（関係課長会議）: 令和8年12月3日 → 令和8年12月10日',
        '審議希望日（局経営会議）: 不要・未定 → 令和8年12月14日',
        'パブリックコメント: 実施なし → 実施あり（令和9年2月）',
        '関係部局との調整: 0行 → 1行',
      ],
      ['申込を受け付けました'],
    ]);
    expect(items[3].when).toBe('令和8年11月25日 11:30');
  });

  it('pages newest first and clamps the page asked for', () => {
    const all = Array.from({ length: 31 }, (_, i) => i);
    expect(historyPage(all, 0, 15)).toEqual({ items: all.slice(0, 15), page: 0, pages: 3 });
    expect(historyPage(all, 9, 15)).toEqual({ items: [30], page: 2, pages: 3 });
    expect(historyPage([], 0, 15)).toEqual({ items: [], page: 0, pages: 1 });
  });
});
