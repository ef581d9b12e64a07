import { domainMessages, inputTooLargeMessage, type DomainErrorCode } from './text.ja';

/** An expected failure with a code; the person sees domainMessages[code]. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

/** The Japanese message for any error: known codes map, anything else apologises. */
export function messageFor(err: unknown): string {
  if (err instanceof DomainError && err.code === 'input.too_large' && typeof err.details.field === 'string') {
    return inputTooLargeMessage(err.details.field, Number(err.details.max));
  }
  if (err instanceof DomainError) return domainMessages[err.code];
  return domainMessages.unexpected;
}
