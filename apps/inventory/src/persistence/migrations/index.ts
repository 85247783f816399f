import { CreateInventoryTables1763769600000 } from './1763769600000-CreateInventoryTables';
import { SeedDemoProducts1763769660000 } from './1763769660000-SeedDemoProducts';
import { AddRowCountCheck1796601600000 } from './1796601600000-AddRowCountCheck';

/** In the order they run; TypeORM records each in its `migrations` table and runs it once. */
export const INVENTORY_MIGRATIONS = [CreateInventoryTables1763769600000, SeedDemoProducts1763769660000, AddRowCountCheck1796601600000];
