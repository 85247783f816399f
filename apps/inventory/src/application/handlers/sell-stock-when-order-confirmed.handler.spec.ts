import { InventoryTestHarness, useInventoryHarness, orderCancel, orderConfirmed, orderCreated } from '../../testing/inventory-test-harness';

describe('SellStockWhenOrderConfirmedHandler', () => {
  let inventory: InventoryTestHarness;
  useInventoryHarness((started) => (inventory = started));

  it('turns the reserved units into sold ones and emits nothing', async () => {
    const created = orderCreated([
      { sku: 'HEADSET-01', quantity: 3 },
      { sku: 'CABLE-USB-C', quantity: 10 },
    ]);
    await inventory.reserve.handle(created);

    await inventory.sell.handle(orderConfirmed(created.orderId, 23700));

    expect(await inventory.product('HEADSET-01')).toMatchObject({ available: 97, reserved: 0, sold: 3 });
    expect(await inventory.product('CABLE-USB-C')).toMatchObject({ available: 990, reserved: 0, sold: 10 });
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'SOLD' });
    expect((await inventory.outbox()).map((e) => e.type)).toEqual(['INVENTORY_RESERVED']);
  });

  it('changes nothing when the same ORDER_CONFIRMED is delivered again', async () => {
    const created = orderCreated([{ sku: 'HEADSET-01', quantity: 3 }]);
    await inventory.reserve.handle(created);
    const confirmed = orderConfirmed(created.orderId, 14700);

    await inventory.sell.handle(confirmed);
    await inventory.sell.handle(confirmed);

    expect(await inventory.product('HEADSET-01')).toMatchObject({ available: 97, reserved: 0, sold: 3 });
  });

  it('changes nothing, quietly, when a second confirmation of a sold order arrives under a new event id', async () => {
    const created = orderCreated([{ sku: 'HEADSET-01', quantity: 3 }]);
    await inventory.reserve.handle(created);

    await inventory.sell.handle(orderConfirmed(created.orderId, 14700));
    await inventory.sell.handle(orderConfirmed(created.orderId, 14700));

    expect(await inventory.product('HEADSET-01')).toMatchObject({ available: 97, reserved: 0, sold: 3 });
    expect(inventory.warnings()).toEqual([]);
  });

  it('sells nothing and warns when the confirmed order was rejected', async () => {
    const created = orderCreated([{ sku: 'WEBCAM-01', quantity: 5 }]);
    await inventory.reserve.handle(created);

    await inventory.sell.handle(orderConfirmed(created.orderId, 19500));

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0, sold: 0 });
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'REJECTED' });
    expect(inventory.warnings()).toEqual(['order confirmed but its stock is not held; nothing changed']);
  });

  it('sells nothing and warns when the confirmed order was already released', async () => {
    const created = orderCreated([{ sku: 'WEBCAM-01', quantity: 1 }]);
    await inventory.reserve.handle(created);
    await inventory.release.handle(orderCancel(created.orderId, 'TIMEOUT'));

    await inventory.sell.handle(orderConfirmed(created.orderId, 3900));

    expect(await inventory.product('WEBCAM-01')).toMatchObject({ available: 2, reserved: 0, sold: 0 });
    expect(await inventory.reservation(created.orderId)).toMatchObject({ status: 'RELEASED' });
    expect(inventory.warnings()).toEqual(['order confirmed but its stock is not held; nothing changed']);
  });
});
