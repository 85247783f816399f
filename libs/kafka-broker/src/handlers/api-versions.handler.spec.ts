import { ApiVersionsResponse } from '../protocol/messages/api-versions';
import { Router } from '../server/router';
import { apiVersionsHandler } from './api-versions.handler';
import { BrokerContext, RequestContext } from './handler';
import { brokerHandlers } from './index';

describe('apiVersionsHandler', () => {
  it('answers with the ranges the routing server serves', () => {
    const supportedApis = [{ apiKey: 18, minVersion: 0, maxVersion: 3 }];
    const response = apiVersionsHandler.handle({}, { supportedApis } as unknown as RequestContext) as ApiVersionsResponse;
    expect(response).toEqual({ errorCode: 0, apiKeys: supportedApis, throttleTimeMs: 0 });
  });

  it('advertises exactly the agreed set with the handlers the broker registers', () => {
    // The minima keep librdkafka's feature map on, the maxima keep every client off flexible versions
    // (except ApiVersions v3): see the protocol research notes, section 12.
    const { supportedApis } = new Router(brokerHandlers, {} as BrokerContext);
    expect(Object.fromEntries(supportedApis.map((api) => [api.apiKey, `${api.minVersion}-${api.maxVersion}`]))).toEqual({
      0: '3-7',
      1: '4-11',
      2: '1-3',
      3: '0-6',
      8: '2-5',
      9: '1-4',
      10: '0-2',
      11: '0-5',
      12: '0-3',
      13: '0-3',
      14: '0-3',
      15: '0-2',
      16: '0-2',
      18: '0-3',
      19: '2-3',
      20: '0-1',
      22: '0-1',
      37: '0-1',
      42: '0-1',
    });
  });
});
