import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { UnknownProductError } from '../domain/product';

/** The domain says "no such product"; HTTP says 404 with the same reason, in Nest's error shape. */
@Injectable()
@Catch(UnknownProductError)
export class UnknownProductFilter implements ExceptionFilter<UnknownProductError> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: UnknownProductError, host: ArgumentsHost): void {
    const body = { statusCode: HttpStatus.NOT_FOUND, message: error.message, error: 'Not Found' };
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, HttpStatus.NOT_FOUND);
  }
}
