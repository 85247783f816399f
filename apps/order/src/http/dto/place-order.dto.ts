import { Type } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

/** The contract's sku format (libs/events payloads/common.ts). */
export const SKU_FORMAT = /^[A-Z0-9][A-Z0-9-]{0,63}$/;

/**
 * One line per sku: merging silently would make two requests that differ only in line layout
 * indistinguishable, and a merged quantity could exceed the per-line limit. Only judges a list
 * of lines (IsArray and the line validators report anything else).
 */
function UniqueSkus(): PropertyDecorator {
  return ValidateBy({
    name: 'uniqueSkus',
    validator: {
      validate: (items: unknown) => {
        if (!Array.isArray(items)) return true;
        const skus = items.map((line: { sku?: unknown } | null) => line?.sku).filter((sku) => typeof sku === 'string');
        return new Set(skus).size === skus.length;
      },
      defaultMessage: () => 'items must not repeat a sku: put the total quantity on one line',
    },
  });
}

export class OrderLineDto {
  @ApiProperty({ pattern: SKU_FORMAT.source, maxLength: 64, example: 'KEYBOARD-01' })
  @IsString()
  @Matches(SKU_FORMAT, { message: 'sku must be 1-64 upper-case letters, digits and dashes, e.g. KEYBOARD-01' })
  sku!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1000, example: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;
}

export class PlaceOrderDto {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'alice' })
  @IsString()
  @Length(1, 64)
  customerId!: string;

  @ApiProperty({
    type: [OrderLineDto],
    minItems: 1,
    maxItems: 50,
    description: 'One line per sku. Prices are not sent: inventory owns them.',
  })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @UniqueSkus()
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items!: OrderLineDto[];
}
