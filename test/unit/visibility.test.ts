import { canSee, ownerWithin, scopeOf, type Viewer, type VisibleScope } from '../../src/domain/visibility';
import { cachedDirectory, createVisibility, orgRoles, type PlatformDirectory } from '../../src/app/visibility';
import { manualClock } from '../../src/infra/clock';
import { loadOrg } from '../../src/infra/config';
import type { AgendaRequest, OwnerRef } from '../../src/domain/request';
import type { PostedMessage } from '../../src/app/ports';

const owner = { bureau: '企画財政局', department: '企画部', unit: '情報政策担当' };
const request = (id: string, by = 'U1', o: OwnerRef = owner): AgendaRequest =>
  ({ id, caseNo: `R8-${id}`, createdBy: { platform: 'slack', userId: by }, form: { owner: o }, status: 'filed' }) as unknown as AgendaRequest;
const viewer = (v: Partial<Viewer>): Viewer => ({
  actor: { platform: 'slack', userId: 'U9' },
  secretariat: false,
  guest: false,
  here: null,
  memberOf: new Set(),
  owners: [],
  ...v,
});
const at = (channelId: string, platform: 'slack' | 'teams' = 'slack') => ({ platform, channelId });

describe('the visibility rule', () => {
  const r = request('1');
  it('lets the secretariat see everything', () => expect(canSee(viewer({ secretariat: true }), r, [])).toBe(true));
  it('lets the filer see their own, posted or not', () => expect(canSee(viewer({ actor: { platform: 'slack', userId: 'U1' } }), r, [])).toBe(true));
  it('does not take the same id on another platform for the filer', () =>
    expect(canSee(viewer({ actor: { platform: 'teams', userId: 'U1' } }), r, [])).toBe(false));
  it('lets a member of a conversation it was posted in see it', () => {
    expect(canSee(viewer({ memberOf: new Set(['C1']) }), r, [at('C1')])).toBe(true);
    expect(canSee(viewer({ memberOf: new Set(['C2']) }), r, [at('C1')])).toBe(false);
    // The same id on another platform is another conversation.
    expect(canSee(viewer({ memberOf: new Set(['C1']) }), r, [at('C1', 'teams')])).toBe(false);
  });
  it('lets the roster 所管 see its requests, a department covering its units', () => {
    expect(canSee(viewer({ owners: [owner] }), r, [])).toBe(true);
    expect(canSee(viewer({ owners: [{ bureau: '企画財政局', department: '企画部', unit: null }] }), r, [])).toBe(true);
    expect(canSee(viewer({ owners: [{ bureau: '企画財政局', department: '財政部', unit: null }] }), r, [])).toBe(false);
    expect(ownerWithin(owner, { bureau: '企画財政局', department: '', unit: null })).toBe(true);
    expect(ownerWithin(owner, { bureau: '総務局', department: '', unit: null })).toBe(false);
  });
  it('shows a guest only what was posted where they are, even their own elsewhere', () => {
    const guest = (here: string, memberOf: string[]) =>
      viewer({ guest: true, here: at(here), memberOf: new Set(memberOf), actor: { platform: 'slack', userId: 'U1' }, owners: [owner] });
    expect(canSee(guest('C1', ['C1']), r, [at('C1')])).toBe(true);
    expect(canSee(guest('C2', ['C1', 'C2']), r, [at('C1')])).toBe(false);
    expect(canSee(guest('C1', []), r, [at('C1')])).toBe(false);
    expect(canSee(viewer({ guest: true, here: null }), r, [at('C1')])).toBe(false);
  });
  it('shows nothing to a stranger', () => expect(canSee(viewer({}), r, [at('C1')])).toBe(false));
});

function directory(over: Partial<PlatformDirectory> = {}): PlatformDirectory & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    platform: 'slack',
    person: async (u) => (calls.push(`person ${u}`), { guest: false, external: false }),
    conversation: async (c) => (calls.push(`conversation ${c}`), { external: false }),
    memberships: async (u, cs) => (calls.push(`memberships ${u} ${cs.join(',')}`), new Set(cs.filter((c) => c === 'C1'))),
    ...over,
  };
}

describe('the visibility service', () => {
  const org = loadOrg(undefined).org;
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  const posts = (map: Record<string, string[]>) => ({
    save: async () => undefined,
    listFor: async (id: string) =>
      (map[id] ?? []).map((c) => ({ requestId: id, platform: 'slack', channelId: c, messageId: '1', permalink: null }) as PostedMessage),
    listForMany: async (ids: string[]) =>
      new Map(
        ids.map((id) => [
          id,
          (map[id] ?? []).map((c) => ({ requestId: id, platform: 'slack', channelId: c, messageId: '1', permalink: null }) as PostedMessage),
        ]),
      ),
  });
  const make = (dir: PlatformDirectory, timeout = 2500) =>
    createVisibility({
      repos: { posts: posts({ a: ['C1'], b: ['C2'] }) },
      roles: orgRoles(org),
      directories: { slack: dir },
      org,
      logger,
      lookupTimeoutMs: timeout,
    });

  it('filters by membership asked in one call for all the candidates', async () => {
    const dir = directory();
    const v = await make(dir).visible({ platform: 'slack', userId: 'U9' }, at('C3'), [request('a'), request('b')], (x) => x);
    expect(v.ok && v.items.map((x) => x.id)).toEqual(['a']);
    expect(dir.calls).toEqual(['conversation C3', 'person U9', 'memberships U9 C3', 'memberships U9 C1,C2']);
  });

  it('denies when any lookup throws', async () => {
    for (const broken of ['person', 'conversation', 'memberships'] as const) {
      const dir = directory({ [broken]: async () => Promise.reject(new Error('internal_error')) });
      const v = await make(dir).visible({ platform: 'slack', userId: 'U9' }, at('C3'), [request('a')], (x) => x);
      expect({ broken, v }).toEqual({ broken, v: { ok: false, reason: 'lookup_failed' } });
    }
  });

  it('denies when a lookup does not answer in time', async () => {
    jest.useFakeTimers();
    try {
      const dir = directory({ person: () => new Promise(() => {}) });
      const pending = make(dir, 2500).visible({ platform: 'slack', userId: 'U9' }, at('C3'), [request('a')], (x) => x);
      await jest.advanceTimersByTimeAsync(2600);
      await expect(pending).resolves.toEqual({ ok: false, reason: 'lookup_failed' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('denies a shared conversation, a person of another organisation and an empty identity', async () => {
    const shared = await make(directory({ conversation: async () => ({ external: true }) })).viewerFor({ platform: 'slack', userId: 'U9' }, at('C3'));
    expect(shared).toEqual({ ok: false, reason: 'external_conversation' });
    const stranger = await make(directory({ person: async () => ({ guest: false, external: true }) })).viewerFor(
      { platform: 'slack', userId: 'U9' },
      at('C3'),
    );
    expect(stranger).toEqual({ ok: false, reason: 'external_user' });
    expect(await make(directory()).viewerFor({ platform: 'teams', userId: '' }, null)).toEqual({ ok: false, reason: 'no_identity' });
  });

  it('keeps answers for the TTL, never a failure', async () => {
    const clock = manualClock('2026-12-01T00:00:00Z');
    let fail = true;
    const inner = directory({
      person: async () => {
        if (fail) throw new Error('timeout');
        return { guest: false, external: false };
      },
    });
    const dir = cachedDirectory(inner, clock, 60_000);
    await expect(dir.person('U1', null)).rejects.toThrow('timeout');
    fail = false;
    await expect(dir.person('U1', null)).resolves.toEqual({ guest: false, external: false });
    fail = true;
    await expect(dir.person('U1', null)).resolves.toEqual({ guest: false, external: false }); // cached
    clock.advance(61_000);
    await expect(dir.person('U1', null)).rejects.toThrow('timeout');
    // Memberships: per person and conversation; only what is missing is asked.
    await dir.memberships('U1', ['C1', 'C2']);
    await dir.memberships('U1', ['C1', 'C2', 'C3']);
    expect(inner.calls.filter((c) => c.startsWith('memberships'))).toEqual(['memberships U1 C1,C2', 'memberships U1 C3']);
  });
});

describe('the visibility rule as a condition for the database (scopeOf)', () => {
  // What the SQL condition (src/infra/db/repositories/visibleSql.ts) tests, column by column.
  const inScope = (s: VisibleScope | null, r: AgendaRequest, posts: { platform: 'slack' | 'teams'; channelId: string }[]) =>
    !s ||
    (s.filer !== null && r.createdBy.platform === s.filer.platform && r.createdBy.userId === s.filer.userId) ||
    posts.some((p) => p.platform === s.posts.platform && s.posts.channelIds.includes(p.channelId)) ||
    s.owners.some((o) => ownerWithin(r.form.owner, o));

  it('lets through exactly what canSee lets through, for every kind of viewer', () => {
    const viewers: Viewer[] = [
      viewer({ secretariat: true }),
      viewer({}),
      viewer({ actor: { platform: 'slack', userId: 'U1' } }),
      viewer({ actor: { platform: 'teams', userId: 'U1' } }),
      viewer({ memberOf: new Set(['C1']) }),
      viewer({ owners: [{ bureau: '企画財政局', department: '', unit: null }] }),
      viewer({ owners: [{ bureau: '企画財政局', department: '企画部', unit: '財政担当' }] }),
      viewer({ guest: true, here: at('C1'), memberOf: new Set(['C1']) }),
      viewer({ guest: true, here: at('C1'), memberOf: new Set() }),
      viewer({ guest: true, here: null, memberOf: new Set(['C1']), actor: { platform: 'slack', userId: 'U1' } }),
    ];
    const requests = [request('1'), request('2', 'U9'), request('3', 'U2', { bureau: '市民局', department: '市民部', unit: null })];
    const placements = [[], [at('C1')], [at('C1', 'teams')], [at('C2')], [at('C2'), at('C1')]];
    let compared = 0;
    for (const v of viewers)
      for (const r of requests)
        for (const posts of placements) {
          expect([v, r.id, posts, inScope(scopeOf(v), r, posts)]).toEqual([v, r.id, posts, canSee(v, r, posts)]);
          compared += 1;
        }
    expect(compared).toBe(150);
  });
});
