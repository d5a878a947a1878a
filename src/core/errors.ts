/**
 * Two kinds of failure: a `UserError` is something the asker can fix and gets
 * a polite, specific reply; anything else is an internal error, logged with
 * its cause and answered with a short apology.
 */
export type UserErrorCode = 'EMPTY_QUESTION' | 'TOO_LONG' | 'UNKNOWN_AGREEMENT' | 'UNKNOWN_COMMAND' | 'BAD_ARGUMENT' | 'FORBIDDEN' | 'RATE_LIMITED' | 'BUSY' | 'UNAVAILABLE';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
    /** What to try instead. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** A readable one-line cause for logs, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
