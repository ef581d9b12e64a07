/**
 * The fake Slack's external file upload, driven by the real Web API client's
 * filesUploadV2, and the refusals Slack gives for a broken sequence.
 */
import { WebClient } from '@slack/web-api';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { TEST_BOT_TOKEN } from '../support/workspace';

describe('fake Slack: files.getUploadURLExternal → upload URL → files.completeUploadExternal', () => {
  let fake: FakeSlack;
  let client: WebClient;
  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new WebClient(TEST_BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
  });
  afterAll(async () => fake.close());

  it('takes a file from filesUploadV2, bytes intact, shared in the channel and thread given', async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0xe3, 0x81, 0x82]);
    const res = await client.filesUploadV2({ channel_id: 'D0USER', thread_ts: '1700000000.000100', file: bytes, filename: '台帳.xlsx', title: '台帳' });
    expect(res.ok).toBe(true);
    const [file] = fake.files();
    expect(file).toMatchObject({ filename: '台帳.xlsx', title: '台帳', channel: 'D0USER', threadTs: '1700000000.000100', length: bytes.length });
    expect(file.bytes!.equals(bytes)).toBe(true);
    expect(fake.calls().map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
  });

  it('refuses a completion of bytes never sent, a wrong length and an unknown channel', async () => {
    const got = await client.files.getUploadURLExternal({ filename: 'a.xlsx', length: 4 });
    await expect(client.files.completeUploadExternal({ files: [{ id: got.file_id! }], channel_id: 'C0CHOGI' })).rejects.toMatchObject({ data: { error: 'file_not_found' } });
    const wrong = await fetch(got.upload_url!, { method: 'POST', body: Buffer.from('12345') });
    expect(wrong.status).toBe(400);
    expect((await fetch(got.upload_url!, { method: 'POST', body: Buffer.from('1234') })).status).toBe(200);
    fake.setChannel('C0GONE', { notFound: true });
    await expect(client.files.completeUploadExternal({ files: [{ id: got.file_id! }], channel_id: 'C0GONE' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.files.getUploadURLExternal({ filename: 'a.xlsx', length: 0 })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
  });
});
