import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

const pipe = new ZodValidationPipe(
  z.strictObject({
    name: z.string({ error: 'must be a string' }).min(1, 'must be longer than or equal to 1 characters'),
    lines: z.array(z.strictObject({ quantity: z.int({ error: 'must be an integer number' }) }), { error: 'must be an array' }),
  }),
);

describe('ZodValidationPipe', () => {
  it('answers with the parsed body when it is valid', () => {
    expect(pipe.transform({ name: 'a', lines: [{ quantity: 2 }] })).toEqual({ name: 'a', lines: [{ quantity: 2 }] });
  });

  it('names the property path in front of each reason, every reason at once', () => {
    expect(messages({ name: '', lines: [{ quantity: 1 }, { quantity: 1.5 }] })).toEqual([
      'name must be longer than or equal to 1 characters',
      'lines.1.quantity must be an integer number',
    ]);
  });

  it('refuses properties the schema does not know, at any depth', () => {
    expect(messages({ name: 'a', lines: [{ quantity: 1, priceCents: 5 }], coupon: 'FREE' })).toEqual([
      'lines.0.property priceCents should not exist',
      'property coupon should not exist',
    ]);
  });

  it('validates a missing body as an empty one, so every missing field is named', () => {
    expect(messages(undefined)).toEqual(['name must be a string', 'lines must be an array']);
  });
});

function messages(body: unknown): string[] {
  try {
    pipe.transform(body);
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { message: string[] }).message;
  }
  throw new Error('the body was accepted');
}
