import { migrationClassesIn } from '@saga/testing';
import { PAYMENT_MIGRATIONS } from '.';

it('runs every migration of this folder, oldest first', () => {
  expect(PAYMENT_MIGRATIONS.map((migration) => migration.name)).toEqual(migrationClassesIn(__dirname));
});
