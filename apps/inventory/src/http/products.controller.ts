import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { FindProductsQuery } from '../application/find-products/find-products.query';
import { RestockProductHandler } from '../application/restock-product/restock-product.handler';
import { ProductResponse, toProductResponse } from './product.response';
import { RestockRequest } from './restock.request';
import { UnknownProductFilter } from './unknown-product.filter';

@Controller('products')
@UseFilters(UnknownProductFilter)
export class ProductsController {
  constructor(
    private readonly find: FindProductsQuery,
    private readonly restock: RestockProductHandler,
  ) {}

  /** Every product, sorted by sku. */
  @Get()
  async list(): Promise<ProductResponse[]> {
    return (await this.find.all()).map(toProductResponse);
  }

  @Get(':sku')
  async get(@Param('sku') sku: string): Promise<ProductResponse> {
    return toProductResponse(await this.find.bySku(sku));
  }

  @Post(':sku/restock')
  @HttpCode(HttpStatus.OK)
  async restockProduct(@Param('sku') sku: string, @Body() body: RestockRequest): Promise<ProductResponse> {
    return toProductResponse(await this.restock.execute({ sku, quantity: body.quantity }));
  }
}
