import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ConflictException,
  ExceptionFilter,
  HttpException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IdempotencyKeyReusedError, OrderAlreadyFinalError, OrderError, OrderNotFoundError } from '../domain/order.errors';

/** Domain refusals become 4xx with the domain's reason, in Nest's usual {statusCode, message, error} shape. */
@Injectable()
@Catch(OrderError)
export class OrderErrorsFilter implements ExceptionFilter<OrderError> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: OrderError, host: ArgumentsHost): void {
    const http = toHttpException(error);
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), http.getResponse(), http.getStatus());
  }
}

function toHttpException(error: OrderError): HttpException {
  if (error instanceof OrderNotFoundError) return new NotFoundException(error.message);
  if (error instanceof OrderAlreadyFinalError) return new ConflictException(error.message);
  if (error instanceof IdempotencyKeyReusedError) return new UnprocessableEntityException(error.message);
  // Any other refusal (InvalidOrderError) is about the request itself.
  return new BadRequestException(error.message);
}
