import { migrationClassesIn } from '@saga/testing';
import { INVENTORY_MIGRATIONS } from '.';

it('runs every migration of this folder, oldest first', () => {
  expect(INVENTORY_MIGRATIONS.map((migration) => migration.name)).toEqual(migrationClassesIn(__dirname));
});
