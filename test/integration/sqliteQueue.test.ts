import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite } from '../../src/infra/db/sqlite';
import type { OpenedClient } from '../../src/infra/db/opened';
import { deliveryRepository } from '../../src/infra/db/repositories/deliveryRepository';

/**
 * The SQLite adapter runs every query on one connection: a query issued while another
 * call's transaction is open would run inside it. The queue (src/infra/db/serial.ts)
 * keeps them apart.
 */
describe('SQLite call queue', () => {
  let dir: string;
  let opened: OpenedClient;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chogi-queue-'));
    opened = await openSqlite(path.join(dir, 'chogi.db'));
  });
  afterAll(async () => {
    await opened?.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps a call's write out of another call's transaction that rolls back", async () => {
    const { db, serial } = opened;
    const deliveries = deliveryRepository({ db, serial });
    let wroteInside!: () => void;
    const inside = new Promise<void>((resolve) => (wroteInside = resolve));
    const failing = serial(() =>
      db.$transaction(async (tx) => {
        await tx.delivery.create({ data: { key: 'inside', createdAt: new Date() } });
        wroteInside();
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('rolled back');
      }),
    );
    await inside; // the transaction is open now

    const claimed = await deliveries.claim('outside', new Date());

    await expect(failing).rejects.toThrow('rolled back');
    expect(claimed).toBe(true);
    expect((await db.delivery.findMany()).map((d) => d.key)).toEqual(['outside']);
  });

  it('runs calls in order and goes on after a failure', async () => {
    const seen: number[] = [];
    const step = (n: number, fail = false) =>
      opened.serial(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5 - n));
        seen.push(n);
        if (fail) throw new Error(`step ${n}`);
        return n;
      });

    const results = await Promise.allSettled([step(1), step(2, true), step(3)]);

    expect(seen).toEqual([1, 2, 3]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
