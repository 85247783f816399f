import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length } from 'class-validator';

export class ListOrdersQuery {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'alice' })
  @IsDefined({ message: 'customerId query parameter is required' })
  @IsString()
  @Length(1, 64)
  customerId!: string;
}
