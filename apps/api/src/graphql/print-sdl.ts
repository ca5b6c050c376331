// The committed SDL: what clients and the SDK's code generator read.
import { lexicographicSortSchema, printSchema } from "graphql";
import { schema } from "./schema/index.js";

export const SDL_HEADER =
  "# Generated from apps/api/src/graphql by `npm run generate`. DO NOT EDIT.\n\n";

export function printSdl(): string {
  return `${SDL_HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}
