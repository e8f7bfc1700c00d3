import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** The grant of a signed VOD URL; its form and signature are judged by VodGrants. */
export class VodGrantQueryDto {
  @ApiProperty({ description: 'Unix seconds, as the signed URL gave them.' })
  @IsOptional()
  @IsString({ message: 'expires must be given once' })
  expires?: string;

  @ApiProperty({ description: 'As the signed URL gave it.' })
  @IsOptional()
  @IsString({ message: 'signature must be given once' })
  signature?: string;
}
