import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** The JSON Schema of what a client sends (before transforms), for the OpenAPI document. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Documents a request body from the same zod schema that validates it. */
export const ApiZodBody = (schema: z.ZodType, description?: string) => ApiBody({ schema: jsonSchemaOf(schema) as never, description });

/** Documents each query parameter of a zod object schema. */
export function ApiZodQuery(schema: z.ZodObject | z.ZodType, descriptions: Record<string, string> = {}) {
  const json = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  const required = new Set(json.required ?? []);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: required.has(name), schema: property as never, description: descriptions[name] ?? (property.description as string | undefined) }),
    ),
  );
}

export const ApiIdParam = (name = 'id', description = 'numeric id') => ApiParam({ name, description, schema: { type: 'integer', minimum: 1 } });
