import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Product, UnknownProductError } from '../../domain/product';
import { ProductRepository } from '../../persistence/product.repository';

/** Read side of the catalogue: plain reads, no transaction or lock needed. */
@Injectable()
export class FindProductsQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly products: ProductRepository,
  ) {}

  all(): Promise<Product[]> {
    return this.products.findAll(this.dataSource.manager);
  }

  async bySku(sku: string): Promise<Product> {
    const product = await this.products.findBySku(this.dataSource.manager, sku);
    if (!product) throw new UnknownProductError(sku);
    return product;
  }
}
