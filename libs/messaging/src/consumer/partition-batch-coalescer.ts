import { BatchControls, PartitionBatch } from '../kafka/message-bus.port';

export interface ControlledBatch {
  batch: PartitionBatch;
  controls: BatchControls;
}

interface Waiting extends ControlledBatch {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The client hands the partition batches of one fetch over concurrently, one call per partition. This
 * gathers the calls that arrive together and applies them as ONE group, one group at a time: a fetch
 * spread over many partitions then costs one local transaction instead of one per partition, and no two
 * transactions of this consumer ever hold row locks at once (so they cannot deadlock on shared rows).
 * Each call resolves once its batch was applied; a partition is never handed over again before that,
 * so the records of one partition stay in order.
 */
export class PartitionBatchCoalescer {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(private readonly applyGroup: (group: ControlledBatch[]) => Promise<void>) {}

  apply(batch: PartitionBatch, controls: BatchControls): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ batch, controls, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      // The other partitions of the same fetch arrive within this turn of the event loop: let them join.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      try {
        await this.applyGroup(group);
        group.forEach((entry) => entry.resolve());
      } catch (error) {
        group.forEach((entry) => entry.reject(error));
      }
    }
    this.draining = false;
  }
}
