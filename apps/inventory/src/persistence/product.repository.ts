import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeferredStatement, unitOfWork, updatedCount } from '@saga/messaging';
import { SkuQuantity, StockMove } from '../domain/stock';
import { ProductEntity } from './product.entity';

type Counter = 'available' | 'reserved' | 'sold';

// Each move takes units from one counter and adds them to another, so available + reserved + sold never changes.
const MOVES: Record<StockMove, { from: Counter; to: Counter }> = {
  RESERVE: { from: 'available', to: 'reserved' },
  SELL: { from: 'reserved', to: 'sold' },
  RELEASE: { from: 'reserved', to: 'available' },
};

/** What one transaction holds of `products`: the rows it locked, as this transaction changed them. */
interface LockedProducts {
  rows: Map<string, ProductEntity>;
  /** Skus asked for that have no row: not asked for again. */
  unknown: Set<string>;
  changed: Set<string>;
}

/**
 * Products. The saga's reads and moves go through the unit of work of the caller's runner transaction:
 * a sku is locked once per transaction (a batch locks all of its skus in one statement), every move is
 * applied to the locked row in memory, so the next event of the batch sees it, and one UPDATE writes
 * all changed rows just before the commit. Catalogue reads and restocks go straight to the table.
 */
@Injectable()
export class ProductRepository {
  findAll(manager: EntityManager): Promise<ProductEntity[]> {
    return manager.find(ProductEntity, { order: { sku: 'ASC' } });
  }

  findBySku(manager: EntityManager, sku: string): Promise<ProductEntity | null> {
    return manager.findOneBy(ProductEntity, { sku });
  }

  /**
   * The products of `skus` as this transaction sees them, sorted by sku; unknown skus are simply absent.
   * Those not yet locked are taken with SELECT ... ORDER BY sku FOR UPDATE: the rows stay locked until the
   * transaction ends, and every transaction takes its locks in the same (sku) order, so two batches
   * sharing products wait for each other instead of deadlocking.
   */
  async lockBySkus(manager: EntityManager, skus: string[]): Promise<ProductEntity[]> {
    const locked = this.lockedIn(manager);
    const wanted = [...new Set(skus)].sort();
    const toLock = wanted.filter((sku) => !locked.rows.has(sku) && !locked.unknown.has(sku));
    if (toLock.length > 0) {
      // Plain SQL: taken for every batch, where TypeORM's find builder cost more CPU than the query.
      const rows: { sku: string; name: string; priceCents: number; available: string; reserved: string; sold: string }[] =
        await manager.query(
          `SELECT sku, name, price_cents AS "priceCents", available, reserved, sold
           FROM products WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`,
          [toLock],
        );
      for (const row of rows) {
        const product = { ...row, available: Number(row.available), reserved: Number(row.reserved), sold: Number(row.sold) };
        locked.rows.set(row.sku, Object.assign(new ProductEntity(), product));
      }
      toLock.filter((sku) => !locked.rows.has(sku)).forEach((sku) => locked.unknown.add(sku));
    }
    // Copies: a caller changes stock through move() only, or the flush would not know.
    return wanted.filter((sku) => locked.rows.has(sku)).map((sku) => Object.assign(new ProductEntity(), locked.rows.get(sku)));
  }

  /**
   * Moves units of locked products (lockBySkus first: the lock is what makes writing the result back safe).
   * Throws, failing the transaction, when a move would take more than a counter holds, as the CHECK would.
   */
  move(manager: EntityManager, move: StockMove, quantities: SkuQuantity[]): void {
    const locked = this.lockedIn(manager);
    const { from, to } = MOVES[move];
    for (const { sku, quantity } of quantities) {
      const product = locked.rows.get(sku);
      if (!product) throw new Error(`${move} of ${sku}: the product is not locked by this transaction (or does not exist)`);
      if (product[from] < quantity) throw new Error(`${move} of ${quantity} ${sku}: only ${product[from]} ${from}`);
    }
    for (const { sku, quantity } of quantities) {
      const product = locked.rows.get(sku)!;
      product[from] -= quantity;
      product[to] += quantity;
      locked.changed.add(sku);
    }
  }

  /** Adds units to what is on sale; false when there is no such product. */
  async restock(manager: EntityManager, sku: string, quantity: number): Promise<boolean> {
    // Relative, and not through the unit of work: a restock waits for a batch holding the row, then adds to its result.
    return (await updatedCount(manager, 'UPDATE products SET available = available + $2 WHERE sku = $1', [sku, quantity])) === 1;
  }

  private lockedIn(manager: EntityManager): LockedProducts {
    const unit = unitOfWork(manager);
    return unit.stateOf(this, () => {
      const locked: LockedProducts = { rows: new Map(), unknown: new Set(), changed: new Set() };
      unit.beforeCommitStatement(() => this.writeChanged(locked));
      return locked;
    });
  }

  /** One UPDATE for every product the transaction moved. Absolute values: the rows are held FOR UPDATE. */
  private writeChanged(locked: LockedProducts): DeferredStatement | null {
    if (locked.changed.size === 0) return null;
    const rows = [...locked.changed].sort().map((sku) => locked.rows.get(sku)!);
    return {
      sql: `UPDATE products p SET available = m.available, reserved = m.reserved, sold = m.sold
            FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[]) AS m(sku, available, reserved, sold)
            WHERE p.sku = m.sku
            RETURNING p.sku`,
      params: [rows.map((p) => p.sku), rows.map((p) => p.available), rows.map((p) => p.reserved), rows.map((p) => p.sold)],
      expect: {
        rows: rows.length,
        mismatch: (updated) => new Error(`stock update touched ${updated} of ${rows.length} products: a product row is missing`),
      },
    };
  }
}
