import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';

/** The contract's sku format (libs/events payloads/common.ts). */
export const SKU_FORMAT = /^[A-Z0-9][A-Z0-9-]{0,63}$/;

const orderLine = z.strictObject(
  {
    sku: z.string({ error: 'must be a string' }).regex(SKU_FORMAT, 'must be 1-64 upper-case letters, digits and dashes, e.g. KEYBOARD-01'),
    quantity: z.int({ error: 'must be an integer number' }).min(1, 'must not be less than 1').max(1000, 'must not be greater than 1000'),
  },
  { error: 'must be an object with a sku and a quantity' },
);

/**
 * The body of POST /orders, checked by ZodValidationPipe: every saga starts with it, and a zod parse costs a small
 * fraction of the ValidationPipe's class-transformer and class-validator pass (bench/README.md). The classes below
 * only describe it to OpenAPI; place-order.dto.spec.ts holds them to the same limits.
 *
 * One line per sku: merging silently would make two requests that differ only in line layout indistinguishable,
 * and a merged quantity could exceed the per-line limit.
 */
export const placeOrderBody = z.strictObject(
  {
    customerId: z
      .string({ error: 'must be a string' })
      .min(1, 'must be longer than or equal to 1 characters')
      .max(64, 'must be shorter than or equal to 64 characters'),
    items: z
      .array(orderLine, { error: (issue) => (issue.input == null ? 'should not be null or undefined' : 'must be an array') })
      .min(1, 'must contain at least 1 elements')
      .max(50, 'must contain no more than 50 elements')
      .refine((items) => new Set(items.map((line) => line.sku)).size === items.length, 'must not repeat a sku: put the total quantity on one line'),
  },
  { error: 'must be a JSON object' },
);

export type PlaceOrderBody = z.output<typeof placeOrderBody>;

export class OrderLineDto {
  @ApiProperty({ pattern: SKU_FORMAT.source, maxLength: 64, example: 'KEYBOARD-01' })
  sku!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1000, example: 1 })
  quantity!: number;
}

export class PlaceOrderDto {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'alice' })
  customerId!: string;

  @ApiProperty({
    type: [OrderLineDto],
    minItems: 1,
    maxItems: 50,
    description: 'One line per sku. Prices are not sent: inventory owns them.',
  })
  items!: OrderLineDto[];
}
