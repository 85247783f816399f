import { ApiProperty } from '@nestjs/swagger';

/** Nest's error body, which every 4xx/5xx of the services uses: documented once, referenced by every route. */
export class HttpErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({
    description: 'The reason: one string, or one string per invalid field for a validation failure.',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['items must contain at least 1 elements'],
  })
  message!: string | string[];

  @ApiProperty({ example: 'Bad Request' })
  error!: string;
}
