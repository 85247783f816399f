import { BaseRpcContext } from '@nestjs/microservices';
import { ConsumedRecord } from '../kafka/message-bus.port';

/** What an @EventPattern handler can learn about the record it is handling (topic, partition, offset, headers). */
export class SagaEventContext extends BaseRpcContext<[ConsumedRecord]> {
  constructor(record: ConsumedRecord) {
    super([record]);
  }

  getRecord(): ConsumedRecord {
    return this.args[0];
  }
}
