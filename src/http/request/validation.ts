/** Route schemas are zod; this compiler runs them and words failures like every other edge (flattenZodError). */
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { flattenZodError } from '../../domain/text/fields';
import { RequestValidationError } from '../errors/http-errors';

/** Validates body, query and params with their zod schema; the parsed (normalised) value replaces the input. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: new RequestValidationError(flattenZodError(result.error)) };
  };
