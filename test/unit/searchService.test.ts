import { createSearch, SEARCH_SHOWN } from '../../src/app/search';
import type { AgendaRequest } from '../../src/domain/request';
import type { VisibleFilter } from '../../src/app/register';

const me = { platform: 'slack' as const, userId: 'U0ME' };
const request = (n: number, by: string) =>
  ({ id: `r${n}`, caseNo: `R8-${n}`, createdBy: { platform: 'slack', userId: by }, form: { title: `計画 ${n}` } }) as unknown as AgendaRequest;

describe('検索 through the visibility rule', () => {
  // 500 matches, newest first: the person may see only the oldest one (theirs, last year's).
  const matches = [...Array.from({ length: 499 }, (_, i) => request(1000 - i, 'U0OTHER')), request(1, me.userId)];
  const limits: number[] = [];
  const repos = {
    requests: {
      search: async (_terms: string[], limit: number) => {
        limits.push(limit);
        return matches.slice(0, limit);
      },
    },
  } as never;
  const own: VisibleFilter = async (actor, _here, rs) => ({
    ok: true,
    viewer: {} as never,
    items: rs.filter((r) => r.createdBy.userId === actor.userId),
  });

  it('looks further back while too few matches are visible, and finds an old one the person may see', async () => {
    limits.length = 0;
    const out = await createSearch({ repos }).search(me, null, '計画', own);
    expect(out.ok && out.items.map((r) => r.caseNo)).toEqual(['R8-1']);
    expect(limits).toEqual([100, 400, 1600]);
  });

  it('stops at the first batch when a page is already visible', async () => {
    limits.length = 0;
    const all: VisibleFilter = async (_a, _h, rs) => ({ ok: true, viewer: {} as never, items: rs });
    const out = await createSearch({ repos }).search(me, null, '計画', all);
    expect(out.ok && out.items).toHaveLength(SEARCH_SHOWN);
    expect(out.ok && out.more).toBe(true);
    expect(limits).toEqual([100]);
  });

  it('says no when the visibility check cannot be made', async () => {
    const denied: VisibleFilter = async () => ({ ok: false, reason: 'lookup_failed' });
    expect(await createSearch({ repos }).search(me, null, '計画', denied)).toEqual({ ok: false, error: 'denied', reason: 'lookup_failed' });
  });
});
