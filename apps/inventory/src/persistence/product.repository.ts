import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SkuQuantity, StockMove } from '../domain/stock';
import { ProductEntity } from './product.entity';

// Each move is one assignment list; every one keeps available + reserved + sold unchanged.
const MOVES: Record<StockMove, string> = {
  RESERVE: 'available = p.available - m.quantity, reserved = p.reserved + m.quantity',
  SELL: 'reserved = p.reserved - m.quantity, sold = p.sold + m.quantity',
  RELEASE: 'reserved = p.reserved - m.quantity, available = p.available + m.quantity',
};

/** Products, always through the caller's transaction (`manager`). */
@Injectable()
export class ProductRepository {
  findAll(manager: EntityManager): Promise<ProductEntity[]> {
    return manager.find(ProductEntity, { order: { sku: 'ASC' } });
  }

  findBySku(manager: EntityManager, sku: string): Promise<ProductEntity | null> {
    return manager.findOneBy(ProductEntity, { sku });
  }

  /**
   * SELECT ... ORDER BY sku FOR UPDATE: the rows stay locked until the transaction ends, and
   * every transaction takes its locks in the same (sku) order, so two orders sharing products
   * wait for each other instead of deadlocking. Unknown skus are simply absent.
   */
  async lockBySkus(manager: EntityManager, skus: string[]): Promise<ProductEntity[]> {
    // Plain SQL: taken for every ORDER_CREATED, where TypeORM's find builder cost more CPU than the query.
    const rows: { sku: string; name: string; priceCents: number; available: string; reserved: string; sold: string }[] = await manager.query(
      `SELECT sku, name, price_cents AS "priceCents", available, reserved, sold
       FROM products WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`,
      [skus],
    );
    return rows.map((row) =>
      Object.assign(new ProductEntity(), { ...row, available: Number(row.available), reserved: Number(row.reserved), sold: Number(row.sold) }),
    );
  }

  /** One UPDATE for all lines. Call it with the rows already locked (lockBySkus), which fixes the lock order. */
  async move(manager: EntityManager, move: StockMove, quantities: SkuQuantity[]): Promise<void> {
    // manager.query resolves an UPDATE to [rows, rowCount].
    const [, updated]: [unknown[], number] = await manager.query(
      `UPDATE products p SET ${MOVES[move]}
       FROM unnest($1::text[], $2::bigint[]) AS m(sku, quantity)
       WHERE p.sku = m.sku`,
      [quantities.map((q) => q.sku), quantities.map((q) => q.quantity)],
    );
    if (updated !== quantities.length) {
      throw new Error(`${move} touched ${updated} of ${quantities.length} products: a product row is missing`);
    }
  }

  /** Adds units to what is on sale; false when there is no such product. */
  async restock(manager: EntityManager, sku: string, quantity: number): Promise<boolean> {
    const [, updated]: [unknown[], number] = await manager.query(
      'UPDATE products SET available = available + $2 WHERE sku = $1',
      [sku, quantity],
    );
    return updated === 1;
  }
}
