import 'reflect-metadata';
import { z } from 'zod';
import { OrderLineDto, placeOrderBody, PlaceOrderDto } from './place-order.dto';

const LIMITS = ['minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'minItems', 'maxItems'] as const;

type JsonSchema = Partial<Record<(typeof LIMITS)[number], unknown>> & { properties?: Record<string, JsonSchema>; items?: JsonSchema };

function limitsOf(schema: JsonSchema): Record<string, unknown> {
  return Object.fromEntries(LIMITS.filter((limit) => schema[limit] !== undefined).map((limit) => [limit, schema[limit]]));
}

function documented(dto: Function, property: string): Record<string, unknown> {
  return limitsOf(Reflect.getMetadata('swagger/apiModelProperties', dto.prototype, property) as JsonSchema);
}

describe('the POST /orders body', () => {
  const validated = z.toJSONSchema(placeOrderBody) as JsonSchema;
  const line = validated.properties!.items.items!;

  it.each([
    ['customerId', PlaceOrderDto, validated.properties!.customerId],
    ['items', PlaceOrderDto, validated.properties!.items],
    ['sku', OrderLineDto, line.properties!.sku],
    ['quantity', OrderLineDto, line.properties!.quantity],
  ])('is documented in OpenAPI with the limits %s is validated with', (property, dto, schema) => {
    expect(documented(dto, property)).toMatchObject(limitsOf(schema));
  });
});
