/**
 * 別紙資料 storage on SQLite and PostgreSQL alike (called from repositoryContract.ts):
 * bytes kept exactly and once per content, removal that keeps the record, and history
 * entries written with each change.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../src/domain/request';
import type { Database } from '../../src/infra/db';
import { seedForm } from '../fixtures/seedForm';
import type { TestDatabase } from './support/databases';

const T0 = new Date('2009-05-14T01:00:00.000Z');
const T1 = new Date('2009-05-15T01:00:00.000Z');
const alice: Actor = { platform: 'slack', userId: 'U0ALICE' };
const sec: Actor = { platform: 'teams', userId: 'aad-secretariat' };

export function describeAttachmentContract(get: () => { db: Database; target: TestDatabase }): void {
  let fy = 2300;
  async function newRequestId(db: Database): Promise<string> {
    fy += 1;
    const { request } = await db.repositories.requests.create({
      form: seedForm(),
      createdBy: alice,
      origin: { platform: 'slack', channelId: 'C0FILES' },
      draftId: null,
      now: T0,
      fiscalYear: fy,
      casePrefix: `A${fy}`,
    });
    return request.id;
  }

  describe('attachments', () => {
    it('keeps the bytes exactly (a 3 MB binary), with its metadata and a history entry', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const bytes = randomBytes(3 * 1024 * 1024);
      const a = (await db.repositories.attachments.add({
        requestId,
        kind: 'file',
        name: '計画体系図.pdf',
        mime: 'application/pdf',
        bytes,
        addedBy: alice,
        now: T0,
      }))!;
      expect(a).toMatchObject({
        requestId,
        kind: 'file',
        name: '計画体系図.pdf',
        size: bytes.length,
        mime: 'application/pdf',
        sha256: createHash('sha256').update(bytes).digest('hex'),
        url: null,
        addedBy: alice,
        addedAt: T0,
        removedAt: null,
        removedBy: null,
      });
      const back = await db.repositories.attachments.content(a.id);
      expect(back && back.equals(bytes)).toBe(true);
      expect(await db.repositories.attachments.listFor(requestId)).toEqual([a]);
      const history = await db.repositories.requests.history(requestId);
      expect(history.at(-1)).toMatchObject({
        actor: alice,
        kind: 'updated',
        changes: [{ field: `attachment.${a.id}`, old: null, new: { name: '計画体系図.pdf', size: bytes.length, mime: 'application/pdf' } }],
      });
      expect((await db.repositories.requests.get(requestId))!.version).toBe(2);
    });

    it('stores the same content once, for two requests and two names', async () => {
      const { db } = get();
      const [r1, r2] = [await newRequestId(db), await newRequestId(db)];
      const bytes = randomBytes(1000);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const [a, b] = await Promise.all([
        db.repositories.attachments.add({ requestId: r1, kind: 'file', name: 'a.png', mime: 'image/png', bytes, addedBy: alice, now: T0 }),
        db.repositories.attachments.add({ requestId: r2, kind: 'file', name: 'b.png', mime: 'image/png', bytes, addedBy: alice, now: T0 }),
      ]);
      expect(a!.sha256).toBe(sha);
      expect(b!.sha256).toBe(sha);
      expect(a!.id).not.toBe(b!.id);
      expect(await blobCount(get().target, sha)).toBe(1);
      expect((await db.repositories.attachments.content(b!.id))!.equals(bytes)).toBe(true);
    });

    it('removes once, keeping the record, the bytes and both history entries', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const bytes = Buffer.from('関係部局名,調整項目\n財政課,予算\n', 'utf8');
      const a = (await db.repositories.attachments.add({
        requestId,
        kind: 'file',
        name: '調整表.csv',
        mime: 'text/csv',
        bytes,
        addedBy: alice,
        now: T0,
      }))!;
      const removed = await db.repositories.attachments.remove(a.id, sec, T1);
      expect(removed).toMatchObject({ id: a.id, removedAt: T1, removedBy: sec });
      expect(await db.repositories.attachments.remove(a.id, sec, T1)).toBeNull();
      expect(await db.repositories.attachments.listFor(requestId)).toEqual([]);
      expect(await db.repositories.attachments.listAllFor(requestId)).toEqual([removed]);
      expect((await db.repositories.attachments.content(a.id))!.equals(bytes)).toBe(true);
      const changes = (await db.repositories.requests.history(requestId)).filter((h) => h.changes.some((c) => c.field === `attachment.${a.id}`));
      expect(changes.map((h) => [h.actor, h.changes[0].old === null, h.changes[0].new === null])).toEqual([
        [alice, true, false],
        [sec, false, true],
      ]);
    });

    it('keeps bytes received before a request was picked, and attaches them by sha256 later', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const bytes = randomBytes(5000);
      const sha = await db.repositories.attachments.putBlob(bytes, T0);
      expect(sha).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(await db.repositories.attachments.putBlob(bytes, T1)).toBe(sha);
      expect((await db.repositories.attachments.blob(sha))!.equals(bytes)).toBe(true);
      expect(await db.repositories.attachments.blob('0'.repeat(64))).toBeNull();
      const a = (await db.repositories.attachments.add({
        requestId,
        kind: 'file',
        name: '後から.bin',
        mime: 'application/pdf',
        sha256: sha,
        addedBy: sec,
        now: T1,
      }))!;
      expect(a).toMatchObject({ sha256: sha, size: 5000 });
      expect((await db.repositories.attachments.content(a.id))!.equals(bytes)).toBe(true);
      await expect(
        db.repositories.attachments.add({ requestId, kind: 'file', name: 'x', mime: 'text/plain', sha256: '0'.repeat(64), addedBy: sec, now: T1 }),
      ).rejects.toThrow();
    });

    it('keeps a link without bytes, lists in the order added, and refuses an unknown request', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const url = 'https://city.sharepoint.com/sites/kikaku/Shared%20Documents/%E4%BD%93%E7%B3%BB%E5%9B%B3.pptx';
      const first = (await db.repositories.attachments.add({
        requestId,
        kind: 'file',
        name: 'memo.txt',
        mime: 'text/plain',
        bytes: Buffer.from('memo'),
        addedBy: alice,
        now: T0,
      }))!;
      const link = (await db.repositories.attachments.add({
        requestId,
        kind: 'link',
        name: '体系図（SharePoint）',
        mime: 'text/uri-list',
        url,
        addedBy: sec,
        now: T1,
      }))!;
      expect(link).toMatchObject({ kind: 'link', size: 0, sha256: null, url, addedBy: sec });
      expect(await db.repositories.attachments.content(link.id)).toBeNull();
      expect((await db.repositories.attachments.listFor(requestId)).map((x) => x.id)).toEqual([first.id, link.id]);
      expect(
        await db.repositories.attachments.add({
          requestId: 'no-such-request',
          kind: 'link',
          name: 'x',
          mime: 'text/uri-list',
          url,
          addedBy: sec,
          now: T1,
        }),
      ).toBeNull();
      expect(await db.repositories.attachments.get('no-such-id')).toBeNull();
      expect(await db.repositories.attachments.content('no-such-id')).toBeNull();
    });
  });
}

async function blobCount(target: TestDatabase, sha: string): Promise<number> {
  const rows = await target.query<{ n: number | bigint | string }>('SELECT COUNT(*) AS n FROM "AttachmentBlob" WHERE "sha256" = ?', [sha]);
  return Number(rows[0].n);
}
