import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC filter replaces unknown errors with a generic "Internal server error",
 * which would hide whether a failure is transient (retry) or poison (dead-letter). This filter
 * hands the original error back to the transport, which decides and logs.
 */
@Catch()
export class KeepErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
