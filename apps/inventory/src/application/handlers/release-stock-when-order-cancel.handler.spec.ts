import {
  InventoryTestHarness,
  useInventoryHarness,
  orderCancel,
  orderConfirmed,
  orderCreated,
  retryingTransient,
} from '../../testing/inventory-test-harness';

describe('ReleaseStockWhenOrderCancelHandler', () => {
  let inventory: InventoryTestHarness;
  useInventoryHarness((started) => (inventory = started));

  it('gives the reserved units back and emits INVENTORY_RELEASED with the order lines', async () => {
    const created = orderCreated([
      { sku: 'WEBCAM-01', quantity: 2 },
      { sku: 'MOUSE-01', quantity: 1 },
    ]);
    await inventory.reserve.handle(created);
    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 0, reserved: 2 });

    await inventory.release.handle(orderCancel(created.orderId, 'PAYMENT_DECLINED'));

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0, sold: 0 });
    expect(await inventory.product('MOUSE-01')).toMatchObject({ available: 200, reserved: 0, sold: 0 });
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'RELEASED' });
    const events = await inventory.outbox();
    expect(events.map((e) => e.type)).toEqual(['INVENTORY_RESERVED', 'INVENTORY_RELEASED']);
    expect(events[1]).toEqual({
      type: 'INVENTORY_RELEASED',
      orderId: created.orderId,
      transactionId: created.transactionId,
      payload: {
        items: [
          { sku: 'WEBCAM-01', quantity: 2 },
          { sku: 'MOUSE-01', quantity: 1 },
        ],
      },
    });
  });

  it('releases once when the same ORDER_CANCEL is delivered again', async () => {
    const created = orderCreated([{ sku: 'WEBCAM-01', quantity: 2 }]);
    await inventory.reserve.handle(created);
    const cancel = orderCancel(created.orderId);

    await inventory.release.handle(cancel);
    await inventory.release.handle(cancel);

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0 });
    expect((await inventory.outbox()).map((e) => e.type)).toEqual(['INVENTORY_RESERVED', 'INVENTORY_RELEASED']);
  });

  it('releases once when a second cancel of the order arrives under a new event id', async () => {
    const created = orderCreated([{ sku: 'WEBCAM-01', quantity: 2 }]);
    await inventory.reserve.handle(created);

    await inventory.release.handle(orderCancel(created.orderId, 'TIMEOUT'));
    await inventory.release.handle(orderCancel(created.orderId, 'CUSTOMER_CANCELLED'));

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0 });
    expect((await inventory.outbox()).map((e) => e.type)).toEqual(['INVENTORY_RESERVED', 'INVENTORY_RELEASED']);
  });

  it('has nothing to release for a rejected order and emits nothing', async () => {
    const created = orderCreated([{ sku: 'WEBCAM-01', quantity: 3 }]);
    await inventory.reserve.handle(created);

    await inventory.release.handle(orderCancel(created.orderId, 'OUT_OF_STOCK'));

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0 });
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'REJECTED' });
    expect((await inventory.outbox()).map((e) => e.type)).toEqual(['INVENTORY_REJECTED']);
  });

  it('leaves a tombstone when the cancel overtakes ORDER_CREATED, so the late order reserves nothing', async () => {
    const created = orderCreated([{ sku: 'WEBCAM-01', quantity: 1 }]);

    await inventory.release.handle(orderCancel(created.orderId, 'TIMEOUT'));
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'CANCELLED', customerId: null, lines: [] });

    await inventory.reserve.handle(created);

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0 });
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'CANCELLED' });
    expect(await inventory.outbox()).toEqual([]);
  });

  it('keeps the sale and warns when a sold order is cancelled', async () => {
    const created = orderCreated([{ sku: 'WEBCAM-01', quantity: 1 }]);
    await inventory.reserve.handle(created);
    await inventory.sell.handle(orderConfirmed(created.orderId, 3900));

    await inventory.release.handle(orderCancel(created.orderId, 'CUSTOMER_CANCELLED'));

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 1, reserved: 0, sold: 1 });
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'SOLD' });
    expect((await inventory.outbox()).map((e) => e.type)).toEqual(['INVENTORY_RESERVED']);
    expect(inventory.warnings()).toEqual(['cancel for a sold order; the sale stands']);
  });

  it('ends with nothing held when ORDER_CREATED and ORDER_CANCEL of one order are handled at the same moment', async () => {
    const orders = Array.from({ length: 20 }, () => orderCreated([{ sku: 'CABLE-USB-C', quantity: 5 }]));

    // Whichever writes the order's row second is told to retry (TransientError), as the transport would.
    await Promise.all(
      orders.flatMap((created) => [
        retryingTransient(() => inventory.reserve.handle(created)),
        retryingTransient(() => inventory.release.handle(orderCancel(created.orderId, 'CUSTOMER_CANCELLED'))),
      ]),
    );

    expect(await inventory.product('CABLE-USB-C')).toMatchObject({ available: 1000, reserved: 0, sold: 0 });
    for (const created of orders) {
      expect(['RELEASED', 'CANCELLED']).toContain((await inventory.reservation(created.orderId))?.status);
    }
  });
});
