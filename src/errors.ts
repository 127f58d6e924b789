import type { ErrorCode } from './chat/reply.js';

/**
 * An error the user should see, with a message written for them (a bad topic, a refusal).
 * Anything else thrown is a bug: logged with its cause, shown to the user only as a short apology.
 */
export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
