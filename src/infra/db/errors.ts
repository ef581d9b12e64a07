/** A stored row that does not read back as a domain value: never guessed at, always loud. */
export class StoredDataError extends Error {
  readonly code = 'db.corrupt_row';

  constructor(
    readonly table: string,
    readonly rowId: string,
    detail: string,
  ) {
    super(`${table} ${rowId}: stored data is invalid: ${detail}`);
    this.name = 'StoredDataError';
  }
}
