import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsInstant } from '@siaran/http';

export class TakeoverRequestDto {
  @ApiProperty({ description: 'A live input of the channel.' })
  @IsUUID('all', { message: 'inputId must be a UUID' })
  inputId: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-05T14:00:00+07:00',
    description: 'When the takeover ends by itself; without it, it lasts until ended.',
  })
  @IsOptional()
  @IsInstant()
  until?: string;
}

export class TakeoverDto {
  @ApiProperty() inputId: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) until: string | null;
}
