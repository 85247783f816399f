import { FieldSpec } from './field';

/**
 * One Kafka API as data: the versions the broker implements and the fields of its request and
 * response. The type parameters only tie the decoded shapes to the description for callers.
 */
export interface ApiMessage<Request = unknown, Response = unknown> {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible version in Kafka (compact encodings, tag buffers, request header v2), or null. */
  readonly flexibleFrom: number | null;
  readonly request: readonly FieldSpec[];
  readonly response: readonly FieldSpec[];
  /** Never set: carries the decoded types. */
  readonly types?: { request: Request; response: Response };
}

export function defineApi<Request, Response>(api: Omit<ApiMessage<Request, Response>, 'types'>): ApiMessage<Request, Response> {
  return api;
}

export function isFlexible(api: ApiMessage, version: number): boolean {
  return api.flexibleFrom !== null && version >= api.flexibleFrom;
}

export type RequestOf<A> = A extends ApiMessage<infer Request, unknown> ? Request : never;
export type ResponseOf<A> = A extends ApiMessage<unknown, infer Response> ? Response : never;
