import { MigrationInterface, QueryRunner } from 'typeorm';

/** The demo catalogue the README lists and the end-to-end suite relies on: change both together. */
export const DEMO_PRODUCTS = [
  { sku: 'KEYBOARD-01', name: 'Mechanical keyboard', priceCents: 8900, available: 100 },
  { sku: 'MOUSE-01', name: 'Wireless mouse', priceCents: 2500, available: 200 },
  { sku: 'MONITOR-27', name: '27-inch monitor', priceCents: 24900, available: 50 },
  { sku: 'HEADSET-01', name: 'USB headset', priceCents: 4900, available: 100 },
  { sku: 'WEBCAM-01', name: 'HD webcam', priceCents: 3900, available: 2 }, // low stock, to see OUT_OF_STOCK
  { sku: 'CABLE-USB-C', name: 'USB-C cable', priceCents: 900, available: 1000 },
] as const;

export class SeedDemoProducts1763769660000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO products (sku, name, price_cents, available)
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::bigint[])`,
      [
        DEMO_PRODUCTS.map((p) => p.sku),
        DEMO_PRODUCTS.map((p) => p.name),
        DEMO_PRODUCTS.map((p) => p.priceCents),
        DEMO_PRODUCTS.map((p) => p.available),
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM products WHERE sku = ANY($1)', [DEMO_PRODUCTS.map((p) => p.sku)]);
  }
}
