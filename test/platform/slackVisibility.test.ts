/**
 * Who may see what, in Slack, as a table: each person × each listing × where they ask.
 * Every cell says which requests are shown and that no other one leaks (by case number
 * and by title). Lookups that fail deny, with a message, and post nothing.
 */
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { fileMinimalInSlack } from '../support/modal';
import { blockActions, send, slashCommand } from '../support/slackRequests';
import { Workspace } from '../support/workspace';
import { loadOrg } from '../../src/infra/config';
import type { AgendaRequest } from '../../src/domain/request';
import { UiText } from '../../src/domain/uiText.ja';

const base = loadOrg(undefined).org;
const FILER = Workspace.userId; // U0001
const MEMBER = 'U0MEMBER'; // in the channel where A was posted, another 所管
const COLLEAGUE = 'U0COLLEAGUE'; // same 所管 as A by the roster, not in its channel
const OTHER = 'U0OTHER'; // files B in another channel; nothing to do with A
const SECRETARIAT = 'U0SECRET';
const GUEST = 'U0GUEST'; // a guest account in A's channel and in B's
const EXTERNAL = 'U0EXTERNAL'; // a member of another organisation (Slack Connect)
const ONE = 'C0ONE';
const TWO = 'C0TWO';
const SHARED = 'C0SHARED';
const DM = `D${FILER.slice(1)}`;

const org = {
  secretariat: { slack: [SECRETARIAT], teams: [] },
  sections: base.sections.map((s) =>
    s.id === 'kikaku-seisaku' ? { ...s, owner: { bureau: '企画財政局', department: '企画部', unit: '情報政策担当' } } : s,
  ),
  members: { slack: { [COLLEAGUE]: 'kikaku-seisaku', [OTHER]: 'somu' }, teams: {} },
};

async function setUp(t: TestApp): Promise<{ a: AgendaRequest; b: AgendaRequest }> {
  t.fake.setChannel(ONE, { name: 'kikaku', members: [FILER, MEMBER, GUEST, SECRETARIAT] });
  t.fake.setChannel(TWO, { name: 'somu', members: [OTHER, GUEST] });
  t.fake.setChannel(SHARED, { name: 'partner', is_ext_shared: true, members: [FILER, SECRETARIAT, EXTERNAL] });
  t.fake.setChannel(Workspace.channelId, { members: [FILER] });
  t.fake.setUser(GUEST, { is_restricted: true });
  t.fake.setUser(EXTERNAL, { team_id: 'T0PARTNER', is_stranger: true });
  // 局経営会議 of Monday 2026-11-30: both are on the coming schedule and have deadlines.
  const a = await fileMinimalInSlack(t, { channel: ONE, user: FILER, title: '(仮称)甲の案件', basics: { 'desiredDates.kyoku': 'R8.11.30' } });
  await eventually(async () => expect(await t.app.db.repositories.posts.listFor(a.id)).toHaveLength(1));
  const b = await fileMinimalInSlack(t, {
    channel: TWO,
    user: OTHER,
    title: '(仮称)乙の案件',
    basics: { owner: '総務局/総務部/総務課', 'desiredDates.kyoku': 'R8.11.30' },
  });
  await eventually(async () => expect(await t.app.db.repositories.posts.listFor(b.id)).toHaveLength(1));
  return { a, b };
}

/** Runs `/案件申込 <text>` as `user` in `channel` and returns the ephemeral answer. */
async function ask(t: TestApp, user: string, channel: string, text: string): Promise<string> {
  const before = t.fake.calls('response_url').length;
  const res = await send(t.url, slashCommand({ text, user_id: user, channel_id: channel }));
  expect(res.status).toBe(200);
  const answer = await t.fake.waitFor('response_url', () => t.fake.calls('response_url').length > before);
  return String(t.fake.calls('response_url')[before].args.text ?? answer.args.text);
}

function shown(text: string, requests: { a: AgendaRequest; b: AgendaRequest }): string[] {
  const out: string[] = [];
  if (text.includes('甲の案件')) out.push('A');
  if (text.includes('乙の案件')) out.push('B');
  // A case number without its title would leak too.
  for (const [k, r] of Object.entries(requests)) if (text.includes(r.caseNo) && !out.includes(k.toUpperCase())) out.push(`${k.toUpperCase()}#`);
  return out.sort();
}

describe('who may see what in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({
      now: '2026-11-24T01:00:00Z',
      org,
      env: { PUBLIC_URL: 'https://chogi.example.jp', LINK_SECRET: 'a-long-enough-secret-for-links' },
    });
  });
  afterEach(async () => t.stop());

  it('shows each person, in each place, only what they may see in 一覧, 日程 and 期限', async () => {
    const r = await setUp(t);
    // person, where they ask, what they are shown (the same in all three listings)
    const table: [string, string, string, string[] | 'external_user' | 'external_conversation'][] = [
      ['filer', FILER, ONE, ['A']],
      ['filer, in a DM with the bot', FILER, DM, ['A']],
      ['member of the channel A was posted in', MEMBER, ONE, ['A']],
      ['same 所管 by the roster', COLLEAGUE, Workspace.channelId, ['A']],
      ['filer of B, another section', OTHER, TWO, ['B']],
      ['secretariat', SECRETARIAT, ONE, ['A', 'B']],
      ['guest, in the channel of A', GUEST, ONE, ['A']],
      ['guest, in the channel of B', GUEST, TWO, ['B']],
      ['secretariat, in a channel shared with another organisation', SECRETARIAT, SHARED, 'external_conversation'],
      ['filer, in a channel shared with another organisation', FILER, SHARED, 'external_conversation'],
      ['member of another organisation', EXTERNAL, SHARED, 'external_conversation'],
    ];
    for (const [who, user, channel, expected] of table) {
      for (const listing of ['一覧', '日程', '期限']) {
        const text = await ask(t, user, channel, listing);
        if (typeof expected === 'string') {
          expect({ who, listing, text }).toEqual({ who, listing, text: UiText.denied[expected] });
        } else {
          expect({ who, listing, shown: shown(text, r) }).toEqual({ who, listing, shown: expected });
        }
      }
    }
  });

  it('tells a member of another organisation nothing, even in a channel of ours', async () => {
    const r = await setUp(t);
    t.fake.setChannel(ONE, { members: [FILER, MEMBER, GUEST, SECRETARIAT, EXTERNAL] });
    for (const listing of ['一覧', '日程', '期限']) {
      const text = await ask(t, EXTERNAL, ONE, listing);
      expect(text).toBe(UiText.denied.external_user);
      expect(shown(text, r)).toEqual([]);
    }
  });

  it('denies, saying to try again, when users.info, conversations.info or users.conversations fails', async () => {
    const r = await setUp(t);
    for (const method of ['users.info', 'conversations.info', 'users.conversations']) {
      // A fresh asker in a fresh channel each time: answers that succeeded are cached.
      const user = `U0ASK${method.replace(/\W/g, '').toUpperCase()}`;
      const channel = `C0${method.replace(/\W/g, '').toUpperCase()}`;
      t.fake.setChannel(channel, { members: [user] });
      t.fake.setChannel(ONE, { members: [FILER, MEMBER, GUEST, SECRETARIAT, user] });
      t.fake.failNext(method, 'internal_error');
      const text = await ask(t, user, channel, '一覧');
      expect({ method, text }).toEqual({ method, text: UiText.denied.lookup_failed });
      expect(shown(text, r)).toEqual([]);
      // Asked again once Slack answers, the same person sees what they may.
      expect(shown(await ask(t, user, channel, '一覧'), r)).toEqual(['A']);
    }
  });

  it('does not post a request when whether its channel is shared cannot be told, and posts it on 再投稿', async () => {
    t.fake.failNext('conversations.info', 'internal_error');
    const req = await fileMinimalInSlack(t, { channel: ONE, user: FILER, title: '(仮称)丙の案件' });
    const note = await t.fake.waitFor('chat.postEphemeral', (c) => String(c.args.text).includes(req.caseNo));
    expect(note.args.text).toContain('確認できなかったため、まだ投稿していません');
    expect(t.fake.calls('chat.postMessage').filter((c) => c.args.channel === ONE)).toHaveLength(0);
    expect(await t.app.db.repositories.posts.listFor(req.id)).toHaveLength(0);

    // Only the filer or the secretariat may decide where it goes.
    const repost = (user: string) =>
      send(
        t.url,
        blockActions({ user, channel: ONE, actions: [{ type: 'button', action_id: 'request.repost', value: req.id, block_id: `repost.${req.id}` }] }),
      );
    await repost(OTHER);
    await t.fake.waitFor('response_url', (c) => String(c.args.text).includes('申込者と庁議事務局だけ'));
    expect(await t.app.db.repositories.posts.listFor(req.id)).toHaveLength(0);
    await repost(FILER);
    await eventually(async () => expect(await t.app.db.repositories.posts.listFor(req.id)).toHaveLength(1));
  });

  it('gives each person their own tier feed, with only what they may see, expiring and revocable', async () => {
    const r = await setUp(t);
    const feedOf = async (user: string) => {
      const text = await ask(t, user, Workspace.channelId, '日程');
      const url = /<(https:\/\/chogi\.example\.jp\/calendar\/tier\/kyoku\/[^|>]+)\|局経営会議>/.exec(text)![1];
      return new URL(url).pathname;
    };
    const fetchIcs = async (path: string) => {
      const res = await fetch(`${t.url}${path}`);
      return { status: res.status, text: await res.text() };
    };
    const filerFeed = await feedOf(FILER);
    const otherFeed = await feedOf(OTHER);
    expect(shown((await fetchIcs(filerFeed)).text, r)).toEqual(['A']);
    expect(shown((await fetchIcs(otherFeed)).text, r)).toEqual(['B']);
    // Another person's id in the link breaks its signature.
    expect((await fetchIcs(filerFeed.replace(`slack%3A${FILER}`, `slack%3A${SECRETARIAT}`))).status).toBe(404);

    // 「日程 リンク更新」 revokes every link given before; the new one works.
    expect(await ask(t, FILER, Workspace.channelId, '日程 リンク更新')).toBe(UiText.feedsRotated);
    expect((await fetchIcs(filerFeed)).status).toBe(404);
    const renewed = await feedOf(FILER);
    expect(renewed).not.toBe(filerFeed);
    expect(shown((await fetchIcs(renewed)).text, r)).toEqual(['A']);
    expect((await fetchIcs(otherFeed)).status).toBe(200); // someone else's link is untouched

    // Thirty days on, it has expired.
    t.clock.advance(31 * 86400_000);
    expect((await fetchIcs(renewed)).status).toBe(404);
  });
});

describe('tier feeds that leave titles out (件名を表示しない)', () => {
  it('lists case numbers only', async () => {
    const t = await startTestApp({
      now: '2026-11-24T01:00:00Z',
      org: { ...org, calendarLinks: { days: 30, showTitles: false } },
      env: { PUBLIC_URL: 'https://chogi.example.jp', LINK_SECRET: 'a-long-enough-secret-for-links' },
    });
    try {
      const r = await setUp(t);
      const text = await ask(t, SECRETARIAT, Workspace.channelId, '日程');
      const url = new URL(/<(https:\/\/chogi\.example\.jp\/calendar\/tier\/kyoku\/[^|>]+)\|局経営会議>/.exec(text)![1]);
      const ics = await (await fetch(`${t.url}${url.pathname}`)).text();
      expect(ics).toContain(r.a.caseNo);
      expect(ics).toContain(r.b.caseNo);
      expect(ics).not.toContain('甲の案件');
      expect(ics).not.toContain('乙の案件');
    } finally {
      await t.stop();
    }
  });
});
