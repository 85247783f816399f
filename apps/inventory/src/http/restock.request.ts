import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_RESTOCK_QUANTITY } from '../domain/product';

/** Body of POST /products/:sku/restock. Strict: "5" or 1.5 is a 400, not a silently coerced 5 or 1. */
export class RestockRequest {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_RESTOCK_QUANTITY, example: 10, description: 'Units added to available stock' })
  @IsInt()
  @Min(1)
  @Max(MAX_RESTOCK_QUANTITY)
  quantity!: number;
}
