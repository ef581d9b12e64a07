import type { DeliveryRepository } from '../../../app/ports';
import type { DbContext } from '../client';

export function deliveryRepository({ db, serial }: DbContext): DeliveryRepository {
  return {
    // The primary key decides: of concurrent claims of one key, exactly one insert succeeds.
    claim: (key, now) =>
      serial(async () => {
        // Plain SQL: one claim per post. A conflict inserts nothing and counts 0.
        const count = await db.$executeRaw`
          INSERT INTO "Delivery" ("key", "createdAt") VALUES (${key}, ${now}) ON CONFLICT ("key") DO NOTHING`;
        return count === 1;
      }),

    release: (key) =>
      serial(async () => {
        await db.$executeRaw`DELETE FROM "Delivery" WHERE "key" = ${key}`;
      }),
  };
}
