import { Module } from '@nestjs/common';
import { LiveViewController } from './http/live-view.controller';
import { SiblingReads } from './http/sibling-reads';
import { TimelineQuery } from './http/timeline.query';
import { LiveViewService } from './live-view.service';

/**
 * The live saga view at /saga. Needs from its host what the order service has: ORDER_CONFIG,
 * SERVICE_LOGGER and the order DataSource. Registered in AppModule only, so tests that host
 * OrderModule without Kafka do not start its consumer.
 */
@Module({
  controllers: [LiveViewController],
  providers: [LiveViewService, TimelineQuery, SiblingReads],
})
export class LiveViewModule {}
