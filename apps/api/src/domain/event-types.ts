// Event types a tenant can publish and subscribe to: the built-ins and the tenant's own, each
// with the JSON Schema its payload is checked against.

import { type Executor, tables } from "@herald/db";
import { BUILT_IN_EVENT_TYPES, builtInEventType, dataJsonSchema } from "@herald/schema";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { eq } from "drizzle-orm";

export interface EventTypeInfo {
  id: string;
  name: string;
  description: string;
  schema: Record<string, unknown> | null;
  builtIn: boolean;
  createdAt: Date | null;
}

export const EVENT_TYPE_NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+){0,7}$/;
export const EVENT_TYPE_PATTERN = /^(\*|[a-z][a-z0-9_-]*(\.[a-z0-9_-]+){0,6}\.\*)$/;

const builtIns: EventTypeInfo[] = BUILT_IN_EVENT_TYPES.map((t) => ({
  id: t.name,
  name: t.name,
  description: t.description,
  schema: dataJsonSchema(t),
  builtIn: true,
  createdAt: null,
}));

export async function listEventTypes(db: Executor, tenantId: string): Promise<EventTypeInfo[]> {
  const own = await db
    .select()
    .from(tables.eventTypes)
    .where(eq(tables.eventTypes.tenantId, tenantId))
    .orderBy(tables.eventTypes.name);
  return [
    ...builtIns,
    ...own.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      schema: r.schema ?? null,
      builtIn: false,
      createdAt: r.createdAt,
    })),
  ];
}

export function isBuiltInEventType(name: string): boolean {
  return builtInEventType(name) !== undefined;
}

/** Which of `patterns` (names or `prefix.*`) match no known event type. */
export function unknownSubscriptions(patterns: string[], known: string[]): string[] {
  return patterns.filter((p) => {
    if (p === "*") return false;
    if (p.endsWith(".*")) return !known.some((k) => k.startsWith(p.slice(0, -1)));
    return !known.includes(p);
  });
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/** Compiles a schema (cached by its text); throws with a readable message if it is invalid. */
export function compileSchema(schema: Record<string, unknown>) {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(key, validate);
  }
  return validate;
}

/** Errors of `data` against `schema`, as `{path, message}`; empty when it conforms. */
export function schemaErrors(schema: Record<string, unknown>, data: unknown) {
  const validate = compileSchema(schema);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => ({
    path: e.instancePath || "/",
    message: e.message ?? "is invalid",
  }));
}
