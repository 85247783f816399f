import { Inject, Injectable } from '@nestjs/common';
import { Logger, SERVICE_LOGGER, TransactionRunner } from '@saga/messaging';
import { Product, UnknownProductError } from '../../domain/product';
import { ProductRepository } from '../../persistence/product.repository';
import { RestockProduct } from './restock-product.command';

/**
 * A restock only adds to `available`, with a relative UPDATE (`available = available + n`):
 * it cannot overwrite what a concurrent reservation just took, so it needs no lock of its own.
 */
@Injectable()
export class RestockProductHandler {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly products: ProductRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: RestockProduct): Promise<Product> {
    const product = await this.transactions.run(async (manager) => {
      if (!(await this.products.restock(manager, command.sku, command.quantity))) {
        throw new UnknownProductError(command.sku);
      }
      return (await this.products.findBySku(manager, command.sku))!;
    });
    this.logger.info({ sku: command.sku, quantity: command.quantity, available: product.available }, 'product restocked');
    return product;
  }
}
