import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ConflictException,
  ExceptionFilter,
  HttpException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { IdempotencyKeyReusedError, OrderAlreadyFinalError, OrderError, OrderNotFoundError } from '../domain/order.errors';

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/** Domain refusals become 4xx with the domain's reason, in Nest's usual {statusCode, message, error} shape. */
@Catch(OrderError)
export class OrderErrorsFilter implements ExceptionFilter<OrderError> {
  catch(error: OrderError, host: ArgumentsHost): void {
    const http = toHttpException(error);
    host.switchToHttp().getResponse<JsonResponse>().status(http.getStatus()).json(http.getResponse());
  }
}

function toHttpException(error: OrderError): HttpException {
  if (error instanceof OrderNotFoundError) return new NotFoundException(error.message);
  if (error instanceof OrderAlreadyFinalError) return new ConflictException(error.message);
  if (error instanceof IdempotencyKeyReusedError) return new UnprocessableEntityException(error.message);
  // Any other refusal (InvalidOrderError) is about the request itself.
  return new BadRequestException(error.message);
}
