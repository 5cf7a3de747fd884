import type { z } from "zod";

type Mutable<T> = T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

/**
 * true when the schema parses to exactly T, readonly modifiers aside. A field or union member
 * added to the type and not to its schema (or the other way round) makes it false, so a check
 * written as `const exact: true = ... as Exact<T, typeof schema>` stops compiling.
 */
export type Exact<T, S extends z.ZodType> = Equal<Mutable<T>, Mutable<z.output<S>>>;
