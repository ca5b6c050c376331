// GraphQL types for the errors a client can cause (members of each result union).
import { builder } from "../builder.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";

export const ErrorInterface = builder.interfaceRef<Error>("Error").implement({
  fields: (t) => ({ message: t.exposeString("message") }),
});

const FieldErrorRef = builder
  .objectRef<{ path: string[]; message: string }>("FieldError")
  .implement({
    description: "One invalid input field: its path from the field's arguments, and what is wrong.",
    fields: (t) => ({
      path: t.exposeStringList("path"),
      message: t.exposeString("message"),
    }),
  });

builder.objectType(ValidationError, {
  name: "ValidationError",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldErrorRef], resolve: (e) => e.fieldErrors }),
  }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  interfaces: [ErrorInterface],
  fields: (t) => ({ resource: t.exposeString("resource"), id: t.exposeString("id") }),
});

builder.objectType(ForbiddenError, { name: "ForbiddenError", interfaces: [ErrorInterface] });
builder.objectType(ConflictError, { name: "ConflictError", interfaces: [ErrorInterface] });
