import { describeRepositoryContract } from './repositoryContract';
import { sqliteTestDatabase } from './support/databases';

describe('database on SQLite', () => {
  describeRepositoryContract(sqliteTestDatabase);
});
