import { ERROR_CODES, type ErrorCode, type FieldIssue } from '@malle/schema/errors';

/** An expected failure: becomes `{ error: { code, message, details } }` with the code's status. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    options: { message?: string; details?: Record<string, unknown> & { fields?: FieldIssue[] }; cause?: unknown } = {},
  ) {
    super(options.message ?? ERROR_CODES[code].message, { cause: options.cause });
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
    this.details = options.details;
  }
  readonly details: (Record<string, unknown> & { fields?: FieldIssue[] }) | undefined;
}

/** Shorthand for a validation failure on named fields. */
export function fieldError(code: ErrorCode, path: string, message: string): AppError {
  return new AppError(code, { message, details: { fields: [{ path, message }] } });
}
