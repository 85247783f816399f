import { CreatePaymentTables1763769600000 } from './1763769600000-CreatePaymentTables';
import { SeedDemoCustomers1763769660000 } from './1763769660000-SeedDemoCustomers';
import { AddRowCountCheck1796601600000 } from './1796601600000-AddRowCountCheck';

/** In the order they run; TypeORM records each in its `migrations` table and runs it once. */
export const PAYMENT_MIGRATIONS = [CreatePaymentTables1763769600000, SeedDemoCustomers1763769660000, AddRowCountCheck1796601600000];
