import { SagaEvent } from '@saga/events';
import { TransientError } from '@saga/messaging';
import { queriesOf } from '@saga/testing';
import { InventoryTestHarness, useInventoryHarness, orderCancel, orderConfirmed, orderCreated } from '../testing/inventory-test-harness';

describe('InventoryBatchPreparation', () => {
  let inventory: InventoryTestHarness;
  useInventoryHarness((started) => (inventory = started));

  /** `n` new orders, `n` confirmations (of mice) and `n` cancels (of cables) of orders reserved before: every kind of write. */
  async function mixedBatchOf(n: number): Promise<SagaEvent[]> {
    const earlier = Array.from({ length: 2 * n }, (_, i) => orderCreated([{ sku: i < n ? 'MOUSE-01' : 'CABLE-USB-C', quantity: 1 }]));
    await inventory.applyBatch(earlier);
    const created = Array.from({ length: n }, (_, i) =>
      orderCreated([
        { sku: 'KEYBOARD-01', quantity: 1 },
        { sku: i % 2 === 0 ? 'HEADSET-01' : 'MONITOR-27', quantity: 1 },
      ]),
    );
    const confirmed = earlier.slice(0, n).map((e) => orderConfirmed(e.orderId, 2500));
    const cancelled = earlier.slice(n).map((e) => orderCancel(e.orderId));
    return [...created, ...confirmed, ...cancelled];
  }

  async function processedCount(): Promise<number> {
    const [{ count }] = await inventory.dataSource.query('SELECT count(*)::int AS count FROM processed_message');
    return count;
  }

  it('sends the same six statements, in four round trips, for a batch of 60 events as for a batch of 6', async () => {
    const smallBatch = await mixedBatchOf(2);
    const small = await queriesOf(() => inventory.applyBatch(smallBatch));
    const largeBatch = await mixedBatchOf(20);

    const large = await queriesOf(() => inventory.applyBatch(largeBatch));

    // Begin, inbox claim, lock reservations, lock products, one statement to insert reservations, update their
    // statuses, update products and append to the outbox, commit. BEGIN leaves with the claim, the commit with the writes.
    expect(large.statements).toHaveLength(6);
    expect(large.statements).toEqual(small.statements);
    expect(large.roundTrips).toBe(4);
    expect(await inventory.product('KEYBOARD-01')).toMatchObject({ available: 78, reserved: 22 });
    expect(await inventory.product('MOUSE-01')).toMatchObject({ available: 178, reserved: 0, sold: 22 });
    expect(await inventory.product('CABLE-USB-C')).toMatchObject({ available: 1000, reserved: 0, sold: 0 });
  });

  it('reserves the last unit for the first of two orders in one batch and rejects the second', async () => {
    await inventory.addProduct('LAST-1', 1000, 1);
    const first = orderCreated([{ sku: 'LAST-1', quantity: 1 }]);
    const second = orderCreated([{ sku: 'LAST-1', quantity: 1 }]);

    await inventory.applyBatch([first, second]);

    expect(await inventory.product('LAST-1')).toMatchObject({ available: 0, reserved: 1, sold: 0 });
    expect(await inventory.reservation(first.orderId)).toMatchObject({ status: 'RESERVED' });
    expect(await inventory.reservation(second.orderId)).toMatchObject({ status: 'REJECTED' });
    expect(await inventory.outbox()).toEqual([
      expect.objectContaining({ type: 'INVENTORY_RESERVED', orderId: first.orderId }),
      expect.objectContaining({
        type: 'INVENTORY_REJECTED',
        orderId: second.orderId,
        payload: { reason: 'OUT_OF_STOCK', lines: [{ sku: 'LAST-1', requested: 1, available: 0 }] },
      }),
    ]);
  });

  it('releases what an order reserved earlier in the same batch', async () => {
    const created = orderCreated([{ sku: 'WEBCAM-01', quantity: 2 }]);

    await inventory.applyBatch([created, orderCancel(created.orderId)]);

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0, sold: 0 });
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'RELEASED', totalCents: 7800 });
    expect((await inventory.outbox()).map((e) => e.type)).toEqual(['INVENTORY_RESERVED', 'INVENTORY_RELEASED']);
  });

  it('sells what an order reserved earlier in the same batch', async () => {
    const created = orderCreated([{ sku: 'WEBCAM-01', quantity: 2 }]);

    await inventory.applyBatch([created, orderConfirmed(created.orderId, 7800)]);

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 0, reserved: 0, sold: 2 });
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'SOLD' });
  });

  it('reserves nothing for an order whose cancel came earlier in the same batch', async () => {
    const created = orderCreated([{ sku: 'WEBCAM-01', quantity: 1 }]);

    await inventory.applyBatch([orderCancel(created.orderId, 'TIMEOUT'), created]);

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0 });
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'CANCELLED', lines: [] });
    expect(await inventory.outbox()).toEqual([]);
  });

  it('applies an event delivered twice within a batch once', async () => {
    const created = orderCreated([{ sku: 'MONITOR-27', quantity: 2 }]);

    await inventory.applyBatch([created, created]);

    expect(await inventory.product('MONITOR-27')).toMatchObject({ available: 48, reserved: 2 });
    expect(await inventory.outbox()).toHaveLength(1);
  });

  it('rolls the whole batch back when another transaction wrote one of its new reservations first', async () => {
    const held = orderCreated([{ sku: 'HEADSET-01', quantity: 1 }]);
    await inventory.reserve.handle(held);
    const reserved = orderCreated([{ sku: 'MOUSE-01', quantity: 1 }]);
    const raced = orderCreated([{ sku: 'WEBCAM-01', quantity: 1 }]);
    const batch = [reserved, raced, orderCancel(held.orderId)];

    const applying = inventory.applyBatch(batch, async (manager, events) => {
      await inventory.preparation.inTransaction(manager, events);
      // A cancel of `raced` commits on another connection after this batch saw no row for it.
      await inventory.dataSource.query(
        `INSERT INTO reservations (order_id, status, lines) VALUES ($1, 'CANCELLED', '[]')`,
        [raced.orderId],
      );
    });

    await expect(applying).rejects.toBeInstanceOf(TransientError);
    expect(await inventory.product('MOUSE-01')).toMatchObject({ available: 200, reserved: 0 });
    expect(await inventory.product('HEADSET-01')).toMatchObject({ available: 99, reserved: 1 });
    expect(await inventory.reservation(reserved.orderId)).toBeNull();
    expect(await inventory.reservation(held.orderId)).toMatchObject({ status: 'RESERVED' });
    expect((await inventory.outbox()).map((e) => e.type)).toEqual(['INVENTORY_RESERVED']);
    expect(await processedCount()).toBe(1);

    // What the consumer does next: the records one by one, each deciding against what is there now.
    await inventory.reserve.handle(reserved);
    await inventory.reserve.handle(raced);
    await inventory.release.handle(batch[2] as SagaEvent<'ORDER_CANCEL'>);
    expect(await inventory.product('MOUSE-01')).toMatchObject({ available: 199, reserved: 1 });
    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0 });
    expect(await inventory.product('HEADSET-01')).toMatchObject({ available: 100, reserved: 0 });
    expect((await inventory.outbox()).map((e) => e.type)).toEqual(['INVENTORY_RESERVED', 'INVENTORY_RESERVED', 'INVENTORY_RELEASED']);
  });

  it('neither oversells nor deadlocks when two batches name the same products in opposite line orders', async () => {
    await inventory.addProduct('PART-A', 100, 15);
    await inventory.addProduct('PART-B', 100, 25);
    const batches = [0, 1].map((b) =>
      Array.from({ length: 20 }, () =>
        orderCreated(
          b === 0
            ? [
                { sku: 'PART-A', quantity: 1 },
                { sku: 'PART-B', quantity: 1 },
              ]
            : [
                { sku: 'PART-B', quantity: 1 },
                { sku: 'PART-A', quantity: 1 },
              ],
        ),
      ),
    );

    await Promise.all(batches.map((events) => inventory.applyBatch(events)));

    expect(await inventory.product('PART-A')).toMatchObject({ available: 0, reserved: 15 });
    expect(await inventory.product('PART-B')).toMatchObject({ available: 10, reserved: 15 });
    expect((await inventory.outbox()).filter((e) => e.type === 'INVENTORY_RESERVED')).toHaveLength(15);
  });
});
