import { ApiProperty } from '@nestjs/swagger';
import { Product } from '../domain/product';

/** The pinned shape of a product in every response; spelled out so a new column never leaks into the API. */
export class ProductResponse {
  @ApiProperty({ example: 'KEYBOARD-01' })
  sku!: string;

  @ApiProperty({ example: 'Mechanical keyboard' })
  name!: string;

  @ApiProperty({ type: 'integer', example: 8900, description: 'Unit price in integer cents' })
  priceCents!: number;

  @ApiProperty({ type: 'integer', description: 'Units that can still be reserved' })
  available!: number;

  @ApiProperty({ type: 'integer', description: 'Units held for orders whose saga is in flight' })
  reserved!: number;

  @ApiProperty({ type: 'integer', description: 'Units of confirmed orders' })
  sold!: number;
}

export function toProductResponse({ sku, name, priceCents, available, reserved, sold }: Product): ProductResponse {
  return { sku, name, priceCents, available, reserved, sold };
}
