/**
 * 別紙資料 from Teams, over HTTP as Teams sends it: a personal-chat message carrying
 * `application/vnd.microsoft.teams.file.download.info` attachments whose downloadUrl is a
 * fake OneDrive on 127.0.0.1 (fetched at once, no credentials), the card that asks which
 * request they belong to, a SharePoint link, and the request card listing them with
 * signed download links.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AgendaRequest } from '../../src/domain/request';
import { eventually } from '../support/eventually';
import type { ConnectorCall } from '../support/fakeConnector';
import { messageActivity, postActivity, TeamsUser, type ActivityOptions } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { cardText, elements, expectValidCard } from '../support/teamsCards';
import { fileSeedInTeams } from '../support/teamsForm';
import { assertMessageWithinLimits, type BlockJson } from '../support/blockKit';
import { requestView } from '../../src/app/requestView';
import { requestCard } from '../../src/teams/cards/requestCard';
import { requestMessage } from '../../src/slack/views/requestMessage';

const PUBLIC_URL = 'https://chogi.example.jp';
const PERSONAL = { id: 'a:1personal-chat-with-filer', conversationType: 'personal', tenantId: 'tenant-1' };
const STRANGER = { id: '29:stranger', aadObjectId: '00000000-0000-0000-0000-0000000000b2', name: '他課 次郎' };

/** OneDrive's pre-authenticated download URLs: each serves its bytes; `fail` answers statuses first. */
async function startFakeOneDrive() {
  const files = new Map<string, { bytes: Buffer; fail: number[] }>();
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const key = (req.url ?? '').split('?')[0];
    hits.push(key);
    const f = files.get(key);
    if (!f) return void res.writeHead(404).end();
    const status = f.fail.shift();
    if (status) return void res.writeHead(status).end();
    if (req.headers.authorization) return void res.writeHead(400).end('no credentials expected');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(f.bytes.length) });
    res.end(f.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let n = 0;
  return {
    hits,
    add(bytes: Buffer, fail: number[] = []) {
      n += 1;
      const path = `/download/${n}`;
      files.set(path, { bytes, fail });
      return `${origin}${path}?tempauth=token-${n}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const fileAttachment = (name: string, downloadUrl: string) => ({
  contentType: 'application/vnd.microsoft.teams.file.download.info',
  contentUrl: `https://contoso-my.sharepoint.com/personal/filer/Documents/Microsoft Teams Chat Files/${name}`,
  name,
  content: { downloadUrl, uniqueId: randomBytes(8).toString('hex'), fileType: name.split('.').pop() },
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const cardOf = (c: ConnectorCall): any => c.body?.attachments?.[0]?.content;

describe('別紙資料 from Teams', () => {
  let t: TeamsTestApp;
  let drive: Awaited<ReturnType<typeof startFakeOneDrive>>;
  let request: AgendaRequest;
  beforeEach(async () => {
    t = await startTeamsTestApp({ env: { TEAMS_LOCAL_MODE: 'true', PUBLIC_URL, LINK_SECRET: 'teams-attachment-secret' } });
    drive = await startFakeOneDrive();
    await fileSeedInTeams(t);
    [request] = await t.app.db.repositories.requests.listRecent(1);
    await eventually(async () => expect((await t.app.db.repositories.posts.listFor(request.id)).some((p) => p.platform === 'teams')).toBe(true));
    t.connector.reset();
  });
  afterEach(async () => {
    await t.stop();
    await drive.close();
  });

  const sendFiles = (files: ReturnType<typeof fileAttachment>[], o: Partial<ActivityOptions> = {}) =>
    postActivity(t.url, { ...messageActivity('', t.as({ conversation: PERSONAL, ...o })), text: '', attachments: files });

  const submit = (value: Record<string, unknown>, replyToId: string, from: ActivityOptions['from'] = TeamsUser) => {
    const a = messageActivity('', t.as({ from, conversation: PERSONAL, replyToId }));
    delete a.text;
    return postActivity(t.url, { ...a, value });
  };

  it('fetches sent files at once, asks which request, attaches them, and the request card lists them with signed links', async () => {
    const plan = Buffer.concat([Buffer.from('%PDF-1.5\n'), randomBytes(30_000)]);
    const exe = Buffer.concat([Buffer.from('MZ'), randomBytes(100)]);
    const flaky = drive.add(Buffer.from('議事メモ（第3回）'), [503]);
    expect(
      (
        await sendFiles([
          fileAttachment('計画体系図.pdf', drive.add(plan)),
          fileAttachment('setup.pdf', drive.add(exe)),
          fileAttachment('メモ.txt', flaky),
        ])
      ).status,
    ).toBe(200);

    const picker = await t.connector.waitFor((c) => c.kind === 'reply' && c.conversationId === PERSONAL.id && !!cardOf(c));
    const card = cardOf(picker);
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('計画体系図.pdf');
    expect(text).toContain('29 KB');
    expect(text).toContain('「setup.pdf」は添付できませんでした: この種類のファイル（Windows実行ファイル）は添付できません。');
    expect(drive.hits.filter((h) => h === new URL(flaky).pathname)).toHaveLength(2); // retried once
    const choice = elements(card).find((e) => e.type === 'Input.ChoiceSet');
    expect(choice.choices.map((c: { value: string }) => c.value)).toEqual([request.id]);
    expect(choice.choices[0].title).toContain(request.caseNo);
    const action = card.actions[0];
    expect(action.data.files.map((f: { name: string }) => f.name)).toEqual(['計画体系図.pdf', 'メモ.txt']);

    // Another person cannot put them on a request that is not theirs.
    expect((await submit({ ...action.data, attachRequestId: request.id }, picker.id!, STRANGER)).status).toBe(200);
    await t.connector.waitFor((c) => c.kind === 'reply' && String(c.body?.text).includes('申込者と庁議事務局だけ'));
    expect(t.connector.calls('update').filter((c) => c.activityId === picker.id)).toEqual([]);
    expect(await t.app.db.repositories.attachments.listFor(request.id)).toEqual([]);

    expect((await submit({ ...action.data, attachRequestId: request.id, attachLink: '', attachLinkName: '' }, picker.id!)).status).toBe(200);
    const done = await t.connector.waitFor((c) => c.kind === 'update' && c.activityId === picker.id && cardText(cardOf(c)).includes('追加しました'));
    expect(cardOf(done).actions ?? []).toEqual([]);
    const stored = await t.app.db.repositories.attachments.listFor(request.id);
    expect(stored.map((a) => [a.name, a.mime, a.size, a.addedBy.userId])).toEqual([
      ['計画体系図.pdf', 'application/pdf', plan.length, TeamsUser.aadObjectId],
      ['メモ.txt', 'text/plain', Buffer.byteLength('議事メモ（第3回）'), TeamsUser.aadObjectId],
    ]);
    expect((await t.app.db.repositories.attachments.content(stored[0].id))!.equals(plan)).toBe(true);

    // The request card, updated in place, lists them; each opens through a signed link.
    const update = await t.connector.waitFor((c) => c.kind === 'update' && cardText(cardOf(c)).includes('別紙資料') && c.activityId !== picker.id);
    expectValidCard(cardOf(update));
    const links = [...cardText(cardOf(update)).matchAll(/\[([^\]]+)\]\((https:\/\/chogi\.example\.jp\/files\/[^)]+)\)/g)];
    expect(links.map((m) => m[1])).toEqual(['計画体系図.pdf', 'メモ.txt']);
    const res = await fetch(links[0][2].replace(PUBLIC_URL, t.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('計画体系図.pdf')}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(plan)).toBe(true);
  });

  it("lists 50 別紙資料 within Teams' and Slack's message limits (Teams: 30, the rest counted)", () => {
    const list = Array.from({ length: 50 }, (_, i) => ({
      id: `id-${i}`,
      kind: 'file' as const,
      name: `資料（${i + 1}）_長い名前の別紙資料ファイル.pdf`,
      size: 123_456 * (i + 1),
      url: `${PUBLIC_URL}/files/00000000-0000-0000-0000-${String(i).padStart(12, '0')}?exp=1800000000&sig=${'a'.repeat(32)}`,
    }));
    const view = requestView(request, t.org, null);
    const teamsCard = requestCard(view, list);
    expectValidCard(teamsCard);
    expect(cardText(teamsCard)).toContain('ほか20件');
    const slack = requestMessage(view, { attachments: list });
    assertMessageWithinLimits(slack.blocks as unknown as BlockJson[], slack.text);
    const listed = JSON.stringify(slack.blocks);
    // Three sections of whole lines hold a request's 50 (the most it may have).
    for (const a of list) expect(listed).toContain(`|${a.name}>`);
  });

  it('takes a SharePoint link through 別紙資料, refuses other links, and does not take files in a channel', async () => {
    expect((await postActivity(t.url, messageActivity('別紙資料', t.as({ conversation: PERSONAL })))).status).toBe(200);
    const picker = await t.connector.waitFor((c) => c.kind === 'reply' && !!cardOf(c));
    expectValidCard(cardOf(picker));
    const data = cardOf(picker).actions[0].data;
    expect(data.files).toEqual([]);

    await submit({ ...data, attachRequestId: request.id, attachLink: 'http://evil.example.com/a.pdf' }, picker.id!);
    await t.connector.waitFor((c) => c.body?.text === 'SharePoint または OneDrive の https:// で始まるリンクを入力してください。');
    const url = 'https://contoso.sharepoint.com/sites/kikaku/Shared Documents/体系図.pptx';
    await submit({ ...data, attachRequestId: request.id, attachLink: url, attachLinkName: '計画体系図（最新版）' }, picker.id!);
    await t.connector.waitFor((c) => c.kind === 'update' && c.activityId === picker.id);
    const [link] = await t.app.db.repositories.attachments.listFor(request.id);
    expect(link).toMatchObject({
      kind: 'link',
      name: '計画体系図（最新版）',
      url: 'https://contoso.sharepoint.com/sites/kikaku/Shared%20Documents/%E4%BD%93%E7%B3%BB%E5%9B%B3.pptx',
      size: 0,
    });
    const update = await t.connector.waitFor(
      (c) => c.kind === 'update' && c.activityId !== picker.id && cardText(cardOf(c)).includes('計画体系図（最新版）'),
    );
    expect(cardText(cardOf(update))).toContain(`[計画体系図（最新版）](${link.url})　リンク`);

    t.connector.reset();
    const inChannel = drive.add(Buffer.from('%PDF-1.4\n'));
    await sendFiles([fileAttachment('a.pdf', inChannel)], {
      conversation: { id: '19:chogi-channel@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' },
    });
    const personalOnly =
      '別紙資料の追加は、ボットとの個人チャットで行ってください（ファイルもそこに送ってください。チャネルのファイルは受け取れません）。';
    await t.connector.waitFor((c) => c.body?.text === personalOnly);
    expect(drive.hits).not.toContain(new URL(inChannel).pathname);
    // Nor is the card (it lists the person's requests) shown in a channel.
    t.connector.reset();
    await postActivity(t.url, messageActivity('別紙資料', { ...t.as(), mention: true }));
    const told = await t.connector.waitFor((c) => c.kind === 'reply');
    expect(told.body?.text).toBe(personalOnly);
    expect(told.body?.attachments ?? []).toEqual([]);
  });
});
