import { postedSoon } from '../../src/app/reminders';

const r = (channelId: string, n: number) => ({ platform: 'slack', channelId, n });

describe('postedSoon (which claimed reminders have their request read ahead)', () => {
  it('keeps the first `ahead` of each channel, counting those already queued there', () => {
    const batch = [r('A', 1), r('B', 1), r('A', 2), r('A', 3), r('B', 2), r('C', 1)];
    const queued: Record<string, number> = { 'slack:B': 1 };
    const soon = postedSoon(batch, (k) => queued[k] ?? 0, 2);
    expect(soon.map((x) => `${x.channelId}${x.n}`)).toEqual(['A1', 'B1', 'A2', 'C1']);
  });

  it('keeps none of a channel whose queue already reaches the horizon, and all when the horizon is large', () => {
    const batch = [r('A', 1), r('A', 2)];
    expect(postedSoon(batch, () => 5, 5)).toEqual([]);
    expect(postedSoon(batch, () => 0, 15_000)).toEqual(batch);
  });

  it('tells platforms apart', () => {
    const batch = [
      { platform: 'slack', channelId: 'X' },
      { platform: 'teams', channelId: 'X' },
    ];
    expect(postedSoon(batch, () => 0, 1)).toEqual(batch);
  });
});
