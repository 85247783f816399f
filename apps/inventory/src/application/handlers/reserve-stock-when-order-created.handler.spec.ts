import { InventoryTestHarness, useInventoryHarness, orderCreated } from '../../testing/inventory-test-harness';

describe('ReserveStockWhenOrderCreatedHandler', () => {
  let inventory: InventoryTestHarness;
  useInventoryHarness((started) => (inventory = started));

  it('reserves every line at inventory prices and emits INVENTORY_RESERVED with the amount to charge', async () => {
    const event = orderCreated([
      { sku: 'KEYBOARD-01', quantity: 1 },
      { sku: 'MOUSE-01', quantity: 2 },
    ]);

    await inventory.reserve.handle(event);

    expect(await inventory.product('KEYBOARD-01')).toMatchObject({ available: 99, reserved: 1, sold: 0 });
    expect(await inventory.product('MOUSE-01')).toMatchObject({ available: 198, reserved: 2, sold: 0 });
    expect(await inventory.reservation(event.orderId)).toMatchObject({ status: 'RESERVED', customerId: 'alice', totalCents: 13900 });
    expect(await inventory.outbox()).toEqual([
      {
        type: 'INVENTORY_RESERVED',
        orderId: event.orderId,
        transactionId: event.transactionId,
        payload: {
          customerId: 'alice',
          items: [
            { sku: 'KEYBOARD-01', quantity: 1, unitPriceCents: 8900 },
            { sku: 'MOUSE-01', quantity: 2, unitPriceCents: 2500 },
          ],
          totalCents: 13900,
        },
      },
    ]);
  });

  it('reserves nothing and emits OUT_OF_STOCK with the short line when one line cannot be met', async () => {
    const event = orderCreated([
      { sku: 'MOUSE-01', quantity: 1 },
      { sku: 'WEBCAM-01', quantity: 3 },
    ]);

    await inventory.reserve.handle(event);

    expect(await inventory.product('MOUSE-01')).toMatchObject({ available: 200, reserved: 0 });
    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0 });
    expect(await inventory.reservation(event.orderId)).toMatchObject({ status: 'REJECTED', totalCents: null });
    expect(await inventory.outbox()).toEqual([
      expect.objectContaining({
        type: 'INVENTORY_REJECTED',
        payload: { reason: 'OUT_OF_STOCK', lines: [{ sku: 'WEBCAM-01', requested: 3, available: 2 }] },
      }),
    ]);
  });

  it('reserves nothing and emits UNKNOWN_SKU when a sku is not in the catalogue', async () => {
    const event = orderCreated([
      { sku: 'MOUSE-01', quantity: 1 },
      { sku: 'TOASTER-9', quantity: 1 },
    ]);

    await inventory.reserve.handle(event);

    expect(await inventory.product('MOUSE-01')).toMatchObject({ available: 200, reserved: 0 });
    expect(await inventory.outbox()).toEqual([
      expect.objectContaining({
        type: 'INVENTORY_REJECTED',
        payload: { reason: 'UNKNOWN_SKU', lines: [{ sku: 'TOASTER-9', requested: 1, available: 0 }] },
      }),
    ]);
  });

  it('changes nothing when the same ORDER_CREATED is delivered again', async () => {
    const event = orderCreated([{ sku: 'MONITOR-27', quantity: 2 }]);

    await inventory.reserve.handle(event);
    await inventory.reserve.handle(event);

    expect(await inventory.product('MONITOR-27')).toMatchObject({ available: 48, reserved: 2 });
    expect(await inventory.outbox()).toHaveLength(1);
  });

  it('does not reserve twice when an order arrives again under a new event id', async () => {
    const first = orderCreated([{ sku: 'MONITOR-27', quantity: 2 }]);
    const again = orderCreated([{ sku: 'MONITOR-27', quantity: 2 }], first.orderId);

    await inventory.reserve.handle(first);
    await inventory.reserve.handle(again);

    expect(await inventory.product('MONITOR-27')).toMatchObject({ available: 48, reserved: 2 });
    expect((await inventory.outbox()).map((e) => e.type)).toEqual(['INVENTORY_RESERVED']);
    expect(inventory.warnings()).toEqual(['order already has a reservation or a cancel tombstone; nothing reserved']);
  });

  it('reserves the last 10 units exactly once under 50 concurrent orders, never going negative', async () => {
    await inventory.addProduct('LAST-10', 1000, 10);
    const events = Array.from({ length: 50 }, () => orderCreated([{ sku: 'LAST-10', quantity: 1 }]));

    await Promise.all(events.map((event) => inventory.reserve.handle(event)));

    expect(await inventory.product('LAST-10')).toMatchObject({ available: 0, reserved: 10, sold: 0 });
    const emitted = (await inventory.outbox()).map((e) => e.type);
    expect(emitted.filter((type) => type === 'INVENTORY_RESERVED')).toHaveLength(10);
    expect(emitted.filter((type) => type === 'INVENTORY_REJECTED')).toHaveLength(40);
  });

  it('neither oversells nor deadlocks when concurrent orders name the same products in opposite line orders', async () => {
    await inventory.addProduct('PART-A', 100, 15);
    await inventory.addProduct('PART-B', 100, 25);
    const events = Array.from({ length: 40 }, (_, i) => {
      const lines = [
        { sku: 'PART-A', quantity: 1 },
        { sku: 'PART-B', quantity: 1 },
      ];
      return orderCreated(i % 2 === 0 ? lines : lines.reverse());
    });

    await Promise.all(events.map((event) => inventory.reserve.handle(event)));

    expect(await inventory.product('PART-A')).toMatchObject({ available: 0, reserved: 15 });
    expect(await inventory.product('PART-B')).toMatchObject({ available: 10, reserved: 15 });
  });
});
