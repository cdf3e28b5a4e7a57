import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';

/** `from: must be a UTC millisecond timestamp; to: ...`, each issue naming its parameter. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], root?: string): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown parameter ${issue.keys.join(', ')}`;
      const path = issue.path.length > 0 ? issue.path.join('.') : (root ?? 'body');
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Validates one route argument (query, body or param) with a zod schema and returns the parsed,
 * typed value. A failure is a 400 whose message names every wrong parameter.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    const result = this.schema.safeParse(value ?? (metadata.type === 'body' ? undefined : {}));
    if (result.success) return result.data;
    throw new BadRequestException(formatZodIssues(result.error.issues, metadata.data ?? metadata.type));
  }
}

export const zodPipe = <S extends z.ZodType>(schema: S) => new ZodValidationPipe(schema);
