/** Put more units of a product on sale (quantity already validated at the edge: 1..MAX_RESTOCK_QUANTITY). */
export interface RestockProduct {
  sku: string;
  quantity: number;
}
