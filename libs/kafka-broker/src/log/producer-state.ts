import { ErrorCode, KafkaError } from '../errors';
import { RecordBatchHeader } from '../protocol/record-batch';

/** Kafka keeps this many recent batches per producer, so a retried in-flight request is recognised. */
const RETAINED_BATCHES = 5;
const MAX_SEQUENCE = 2_147_483_647;

interface RetainedBatch {
  firstSequence: number;
  lastSequence: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  batches: RetainedBatch[];
}

/**
 * Idempotent-producer bookkeeping of one partition (Kafka's ProducerStateManager, without
 * transactions): per producer id the epoch and the sequence ranges of its last few batches.
 */
export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  /**
   * Returns the original base offset when `header` repeats a retained batch; throws
   * INVALID_PRODUCER_EPOCH for a fenced epoch and OUT_OF_ORDER_SEQUENCE_NUMBER for a gap.
   */
  check(header: RecordBatchHeader): number | undefined {
    if (header.producerId < 0) return undefined;
    const entry = this.producers.get(header.producerId);
    // No state: a new producer, or one whose batches retention already removed. Kafka accepts it too.
    if (!entry) return undefined;
    const firstSequence = header.baseSequence;
    if (header.producerEpoch < entry.epoch) {
      throw new KafkaError(
        ErrorCode.INVALID_PRODUCER_EPOCH,
        `producer ${header.producerId} epoch ${header.producerEpoch} is older than the current epoch ${entry.epoch}`,
      );
    }
    if (header.producerEpoch > entry.epoch) {
      if (firstSequence !== 0) throw outOfOrder(header, 'a new epoch must start at sequence 0');
      return undefined;
    }
    const lastSequence = lastSequenceOf(header);
    const duplicate = entry.batches.find((b) => b.firstSequence === firstSequence && b.lastSequence === lastSequence);
    if (duplicate) return duplicate.baseOffset;
    const expected = nextSequence(entry.batches[entry.batches.length - 1].lastSequence, 1);
    if (firstSequence !== expected) throw outOfOrder(header, `expected sequence ${expected}`);
    return undefined;
  }

  /** Records an appended batch (also used to rebuild the table from the log on open). */
  record(header: RecordBatchHeader, baseOffset: number): void {
    if (header.producerId < 0) return;
    let entry = this.producers.get(header.producerId);
    if (!entry || header.producerEpoch !== entry.epoch) {
      entry = { epoch: header.producerEpoch, batches: [] };
      this.producers.set(header.producerId, entry);
    }
    entry.batches.push({ firstSequence: header.baseSequence, lastSequence: lastSequenceOf(header), baseOffset });
    if (entry.batches.length > RETAINED_BATCHES) entry.batches.shift();
  }
}

function lastSequenceOf(header: RecordBatchHeader): number {
  return nextSequence(header.baseSequence, header.lastOffsetDelta);
}

/** Sequences wrap from Int32.MAX to 0 (Kafka's DefaultRecordBatch.incrementSequence). */
function nextSequence(sequence: number, increment: number): number {
  return sequence > MAX_SEQUENCE - increment ? increment - (MAX_SEQUENCE - sequence) - 1 : sequence + increment;
}

function outOfOrder(header: RecordBatchHeader, reason: string): KafkaError {
  return new KafkaError(
    ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    `producer ${header.producerId} sent sequence ${header.baseSequence} out of order: ${reason}`,
  );
}
