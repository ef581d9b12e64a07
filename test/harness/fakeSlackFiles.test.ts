/**
 * The fake Slack takes files the way Slack does: files.getUploadURLExternal → the bytes
 * to the upload URL → files.completeUploadExternal into a channel or thread, and a
 * method the manifest grants no scope for answers missing_scope.
 */
import { WebClient } from '@slack/web-api';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_PATH } from '../support/slackScopes';
import { TEST_BOT_TOKEN, Workspace } from '../support/workspace';

describe('files in the fake Slack', () => {
  let fake: FakeSlack;
  afterEach(async () => fake.close());

  it('uploads with filesUploadV2 into a thread, bytes intact', async () => {
    fake = await startFakeSlack();
    const client = new WebClient(TEST_BOT_TOKEN, { slackApiUrl: fake.url });
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256));
    const posted = await client.chat.postMessage({ channel: Workspace.channelId, text: '申込書' });
    await client.filesUploadV2({
      channel_id: Workspace.channelId,
      thread_ts: posted.ts!,
      file: bytes,
      filename: 'R8-001.pdf',
      initial_comment: 'PDF',
    });
    const [file] = fake.files();
    expect(file).toMatchObject({ filename: 'R8-001.pdf', channel: Workspace.channelId, thread_ts: posted.ts, initial_comment: 'PDF', length: 3000 });
    expect(file.bytes!.equals(bytes)).toBe(true);
    expect(fake.last('upload').status).toBe(200);
  });

  it('refuses what Slack refuses: no filename or length, completing before the upload, an unknown upload URL', async () => {
    fake = await startFakeSlack();
    const client = new WebClient(TEST_BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    await expect(client.files.getUploadURLExternal({ filename: 'a.pdf', length: 0 })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    const { file_id, upload_url } = await client.files.getUploadURLExternal({ filename: 'a.pdf', length: 10 });
    await expect(client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: Workspace.channelId })).rejects.toMatchObject({
      data: { error: 'file_upload_not_found' },
    });
    expect((await fetch(upload_url!.replace(file_id!, 'F99999999'), { method: 'POST', body: 'x' })).status).toBe(404);
    expect(fake.files()).toHaveLength(0);
  });

  it('answers missing_scope when the manifest does not grant files:write', async () => {
    const manifest = readFileSync(MANIFEST_PATH, 'utf8');
    expect(manifest).toMatch(/^\s+- files:write$/m);
    const without = join(mkdtempSync(join(tmpdir(), 'chogi-manifest-')), 'manifest.yaml');
    writeFileSync(without, manifest.replace(/^\s+- files:write\n/m, ''));
    fake = await startFakeSlack({ manifestPath: without });
    const client = new WebClient(TEST_BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    await expect(client.filesUploadV2({ channel_id: Workspace.channelId, file: Buffer.from('x'), filename: 'a.pdf' })).rejects.toMatchObject({
      data: { error: 'missing_scope', needed: 'files:write' },
    });
  });
});
