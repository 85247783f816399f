/** A thin client for the three services' REST APIs, as a user of the reference would call them. */
export interface OrderView {
  orderId: string;
  customerId: string;
  items: { sku: string; quantity: number }[];
  status: string;
  reason?: string;
  totalCents?: number;
  transactionId: string;
  history?: { type: string; service: string; at: string }[];
}

export interface ProductView {
  sku: string;
  name: string;
  priceCents: number;
  available: number;
  reserved: number;
  sold: number;
}

export interface AccountView {
  customerId: string;
  balanceCents: number;
}

export interface PaymentView {
  paymentId: string;
  orderId: string;
  amountCents: number;
  status: string;
}

export interface HttpResult<T> {
  status: number;
  body: T;
}

export const FINAL_STATUSES = ['CONFIRMED', 'CANCELLED'];

async function call<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export class SagaApi {
  constructor(private readonly urls: { order: string; inventory: string; payment: string }) {}

  placeOrder(customerId: string, items: { sku: string; quantity: number }[], idempotencyKey?: string) {
    const headers: Record<string, string> = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
    return call<{ orderId: string; status: string; message?: string }>('POST', `${this.urls.order}/orders`, { customerId, items }, headers);
  }

  async order(orderId: string): Promise<OrderView> {
    const result = await call<OrderView>('GET', `${this.urls.order}/orders/${orderId}`);
    if (result.status !== 200) throw new Error(`GET /orders/${orderId} answered ${result.status}`);
    return result.body;
  }

  cancelOrder(orderId: string) {
    return call<{ orderId: string; status: string; message?: string }>('POST', `${this.urls.order}/orders/${orderId}/cancel`);
  }

  async products(): Promise<ProductView[]> {
    return (await call<ProductView[]>('GET', `${this.urls.inventory}/products`)).body;
  }

  restock(sku: string, quantity: number) {
    return call<ProductView>('POST', `${this.urls.inventory}/products/${sku}/restock`, { quantity });
  }

  async accounts(): Promise<AccountView[]> {
    return (await call<AccountView[]>('GET', `${this.urls.payment}/accounts`)).body;
  }

  deposit(customerId: string, amountCents: number) {
    return call<AccountView>('POST', `${this.urls.payment}/accounts/${customerId}/deposit`, { amountCents });
  }

  async payments(orderId: string): Promise<PaymentView[]> {
    return (await call<PaymentView[]>('GET', `${this.urls.payment}/payments?orderId=${orderId}`)).body;
  }

  raw = call;
}
