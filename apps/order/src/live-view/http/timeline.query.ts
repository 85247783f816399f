import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderHistoryRepository } from '../../persistence/order-history.repository';
import { orderTimeline, TimelineStep } from '../projection/order-timeline';
import { LiveViewService } from '../live-view.service';

export interface TimelineView {
  orderId: string;
  steps: TimelineStep[];
}

/**
 * An order's timeline: the order service's history (written in the same transactions as the saga
 * steps) plus what only the stream saw. Read when the page opens a timeline, or when an event of
 * that order arrives while it is open: on demand, never by polling.
 */
@Injectable()
export class TimelineQuery {
  private readonly history = new OrderHistoryRepository();

  constructor(
    private readonly dataSource: DataSource,
    private readonly live: LiveViewService,
  ) {}

  async timelineOf(orderId: string): Promise<TimelineView> {
    const rows = await this.history.timelineOf(this.dataSource.manager, orderId);
    const trail = this.live.trailOf(orderId);
    if (rows.length === 0 && !trail) throw new NotFoundException(`order ${orderId} not found`);
    return { orderId, steps: orderTimeline(rows, trail) };
  }
}
