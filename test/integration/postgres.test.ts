import { describeRepositoryContract } from './repositoryContract';
import { postgresTestDatabase } from './support/databases';

// Fails, never skips, when PostgreSQL is unreachable (TEST_DATABASE_URL_PG).
describe('database on PostgreSQL', () => {
  describeRepositoryContract(postgresTestDatabase);
});
