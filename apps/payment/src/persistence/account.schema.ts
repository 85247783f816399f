import { EntitySchema } from 'typeorm';
import { Account } from '../domain/account';
import { bigintCents } from './bigint-cents.transformer';

export const AccountSchema = new EntitySchema<Account>({
  name: 'Account',
  tableName: 'accounts',
  columns: {
    customerId: { name: 'customer_id', type: 'text', primary: true },
    balanceCents: { name: 'balance_cents', type: 'bigint', transformer: bigintCents },
  },
});
