import { CreateOrderTables1767225600000 } from './1767225600000-CreateOrderTables';
import { AddRowCountCheck1796601600000 } from './1796601600000-AddRowCountCheck';

/** In the order they run; TypeORM records each in its `migrations` table and runs it once. */
export const ORDER_MIGRATIONS = [CreateOrderTables1767225600000, AddRowCountCheck1796601600000];
