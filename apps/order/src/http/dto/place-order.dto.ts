import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/** The contract's sku format (libs/events payloads/common.ts). */
export const SKU_FORMAT = /^[A-Z0-9][A-Z0-9-]{0,63}$/;

export class OrderLineDto {
  @IsString()
  @Matches(SKU_FORMAT, { message: 'sku must be 1-64 upper-case letters, digits and dashes, e.g. KEYBOARD-01' })
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;
}

export class PlaceOrderDto {
  @IsString()
  @Length(1, 64)
  customerId!: string;

  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  // One line per sku: merging silently would make two requests that differ only in line layout
  // indistinguishable, and a merged quantity could exceed the per-line limit.
  @ArrayUnique((line: OrderLineDto) => line.sku, { message: 'items must not repeat a sku: put the total quantity on one line' })
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items!: OrderLineDto[];
}
