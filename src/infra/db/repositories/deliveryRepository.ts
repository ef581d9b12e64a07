import type { DeliveryRepository } from '../../../app/ports';
import { type DbContext, isUniqueViolation } from '../client';

export function deliveryRepository({ db, serial }: DbContext): DeliveryRepository {
  return {
    // The primary key decides: of concurrent claims of one key, exactly one insert succeeds.
    claim: (key, now) =>
      serial(async () => {
        try {
          await db.delivery.create({ data: { key, createdAt: now } });
          return true;
        } catch (e) {
          if (isUniqueViolation(e)) return false;
          throw e;
        }
      }),

    release: (key) =>
      serial(async () => {
        await db.delivery.deleteMany({ where: { key } });
      }),
  };
}
