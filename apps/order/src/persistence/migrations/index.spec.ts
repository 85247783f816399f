import { migrationClassesIn } from '@saga/testing';
import { ORDER_MIGRATIONS } from '.';

it('runs every migration of this folder, oldest first', () => {
  expect(ORDER_MIGRATIONS.map((migration) => migration.name)).toEqual(migrationClassesIn(__dirname));
});
