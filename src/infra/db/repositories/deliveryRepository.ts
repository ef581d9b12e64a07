import type { DeliveryRepository } from '../../../app/ports';
import { type DbContext, sqlOf } from '../client';

export function deliveryRepository(ctx: DbContext): DeliveryRepository {
  const { serial } = ctx;
  // Plain SQL outside transactions goes straight to the driver adapter (rawSql.ts).
  const sql = sqlOf(ctx);
  return {
    // The primary key decides: of concurrent claims of one key, exactly one insert succeeds.
    claim: (key, now) =>
      serial(async () => {
        // Plain SQL: one claim per post. A conflict inserts nothing and counts 0.
        const count = await sql.execute`
          INSERT INTO "Delivery" ("key", "createdAt") VALUES (${key}, ${now}) ON CONFLICT ("key") DO NOTHING`;
        return count === 1;
      }),

    release: (key) =>
      serial(async () => {
        await sql.execute`DELETE FROM "Delivery" WHERE "key" = ${key}`;
      }),
  };
}
