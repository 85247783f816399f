import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { HttpErrorResponse } from '@saga/messaging';
import { FindProductsQuery } from '../application/find-products/find-products.query';
import { RestockProductHandler } from '../application/restock-product/restock-product.handler';
import { ProductResponse, toProductResponse } from './product.response';
import { RestockRequest } from './restock.request';
import { UnknownProductFilter } from './unknown-product.filter';

const SKU = { name: 'sku', example: 'KEYBOARD-01' } as const;

@ApiTags('products')
@Controller('products')
@UseFilters(UnknownProductFilter)
export class ProductsController {
  constructor(
    private readonly find: FindProductsQuery,
    private readonly restock: RestockProductHandler,
  ) {}

  /** Every product, sorted by sku. */
  @Get()
  @ApiOperation({ summary: 'The catalogue with stock levels, sorted by sku' })
  @ApiOkResponse({ type: [ProductResponse] })
  async list(): Promise<ProductResponse[]> {
    return (await this.find.all()).map(toProductResponse);
  }

  @Get(':sku')
  @ApiOperation({ summary: 'One product with its stock levels' })
  @ApiParam(SKU)
  @ApiOkResponse({ type: ProductResponse })
  @ApiNotFoundResponse({ type: HttpErrorResponse, description: 'No such product' })
  async get(@Param('sku') sku: string): Promise<ProductResponse> {
    return toProductResponse(await this.find.bySku(sku));
  }

  @Post(':sku/restock')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Add units to available stock', description: 'Returns the product after the restock.' })
  @ApiParam(SKU)
  @ApiOkResponse({ type: ProductResponse })
  @ApiBadRequestResponse({ type: HttpErrorResponse, description: 'quantity missing, not an integer, or outside 1..1,000,000' })
  @ApiNotFoundResponse({ type: HttpErrorResponse, description: 'No such product' })
  async restockProduct(@Param('sku') sku: string, @Body() body: RestockRequest): Promise<ProductResponse> {
    return toProductResponse(await this.restock.execute({ sku, quantity: body.quantity }));
  }
}
