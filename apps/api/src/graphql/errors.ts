// Errors a client can cause, returned as typed members of each mutation's result union.
export interface FieldError {
  path: string[];
  message: string;
}

export class ValidationError extends Error {
  override name = "ValidationError";
  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
  static field(path: string[], message: string) {
    return new ValidationError(message, [{ path, message }]);
  }
}

export class NotFoundError extends Error {
  override name = "NotFoundError";
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} ${id} was not found`);
  }
}

export class ForbiddenError extends Error {
  override name = "ForbiddenError";
  constructor(message = "this key is not allowed to do that") {
    super(message);
  }
}

export class ConflictError extends Error {
  override name = "ConflictError";
}

export const CLIENT_ERRORS = [ValidationError, NotFoundError, ForbiddenError, ConflictError];
