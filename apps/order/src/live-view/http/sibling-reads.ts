import { BadGatewayException, Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ORDER_CONFIG, OrderConfig } from '../../config/order.config';

const products = z.array(
  z.object({ sku: z.string(), name: z.string(), priceCents: z.number(), available: z.number(), reserved: z.number(), sold: z.number() }),
);
const accounts = z.array(z.object({ customerId: z.string(), balanceCents: z.number() }));

export type StockLevels = z.infer<typeof products>;
export type Balances = z.infer<typeof accounts>;

const TIMEOUT_MS = 3000;

/**
 * Stock levels and balances for the page, read from inventory's and payment's REST APIs on the
 * page's behalf. A proxy rather than CORS on the two services: the browser talks to one origin,
 * the other services stay unchanged and unexposed, and an unreachable service becomes a 502 that
 * names it (the page shows it; that is what breaking a service on purpose should look like).
 * Only these two GETs, to configured addresses: no open proxy.
 */
@Injectable()
export class SiblingReads {
  constructor(@Inject(ORDER_CONFIG) private readonly config: Pick<OrderConfig, 'LIVE_VIEW_INVENTORY_URL' | 'LIVE_VIEW_PAYMENT_URL'>) {}

  stock(): Promise<StockLevels> {
    return this.read('inventory', new URL('/products', this.config.LIVE_VIEW_INVENTORY_URL), products);
  }

  balances(): Promise<Balances> {
    return this.read('payment', new URL('/accounts', this.config.LIVE_VIEW_PAYMENT_URL), accounts);
  }

  private async read<T>(service: string, url: URL, schema: z.ZodType<T>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
    } catch (error) {
      throw new BadGatewayException(`${service} service unreachable at ${url.origin}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new BadGatewayException(`${service} service answered ${response.status}`);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new BadGatewayException(`${service} service answered an unexpected body`);
    return parsed.data;
  }
}
