/**
 * Two kinds of failure: a `UserError` is something the asker can fix and gets
 * a polite, specific reply; anything else is an internal error, logged with
 * its cause and answered with a short apology.
 */
export type UserErrorCode = 'TOO_LONG' | 'UNKNOWN_AGREEMENT' | 'UNKNOWN_COMMAND' | 'BAD_ARGUMENT' | 'FORBIDDEN' | 'RATE_LIMITED' | 'BUSY' | 'UNAVAILABLE';

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

/**
 * A mistake whoever runs policybot can fix (a variable, a flag, a file, the
 * knowledge base): its message names what is wrong and what to do, and is
 * all they see. Anything else is a bug, shown with its stack only on request.
 */
export class OperatorError extends Error {
  override name = 'OperatorError';
}

/**
 * What to print when start-up or a tool fails: an operator's mistake as its
 * message; anything else briefly. With `debug`, the stack follows (the
 * cause's, when there is one: that is where it happened).
 */
export function failureText(error: unknown, options: { debug: boolean }): string {
  const known = error instanceof OperatorError || error instanceof UserError;
  const text = known ? (error instanceof UserError && error.hint ? `${error.message}\n${error.hint}` : error.message) : describeError(error);
  if (!options.debug) return known ? text : `${text}\n(Run with LOG_LEVEL=debug to see where it happened.)`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return `${text}\n${cause instanceof Error ? (cause.stack ?? '') : ''}`.trimEnd();
}
