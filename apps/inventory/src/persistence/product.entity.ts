import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Product } from '../domain/product';
import { bigintAsNumber } from './bigint.transformer';

/** A row of `products` (created by migration; CHECK constraints keep every counter >= 0). */
@Entity({ name: 'products' })
export class ProductEntity implements Product {
  @PrimaryColumn({ type: 'text' })
  sku!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'price_cents', type: 'integer' })
  priceCents!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  available!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  reserved!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  sold!: number;
}
