import { Param, type PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ParseUuid implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!UUID.test(value))
      throw new ApiError(400, 'INVALID_ID', `${this.name} must be a UUID, got ${JSON.stringify(value)}`, {
        field: this.name,
      });
    return value.toLowerCase();
  }
}

/** A path parameter that must be a UUID: 400 INVALID_ID otherwise. */
export const UuidParam = (name = 'id') => Param(name, new ParseUuid(name));
