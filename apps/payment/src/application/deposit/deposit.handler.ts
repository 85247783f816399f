import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@saga/messaging';
import { Account } from '../../domain/account';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { LedgerRepository } from '../../persistence/ledger.repository';
import { DepositCommand } from './deposit.command';

export interface DepositResult {
  account: Account;
  /** True when this deposit opened the account. */
  created: boolean;
}

/**
 * Opening on first deposit is deliberate: accounts are how new customers (and load tests with
 * many customers) enter the demo, and the order service does not own customers either.
 */
@Injectable()
export class DepositHandler {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly accounts: AccountsRepository,
    private readonly ledger: LedgerRepository,
  ) {}

  execute(command: DepositCommand): Promise<DepositResult> {
    return this.transactions.run(async (manager) => {
      const result = await this.accounts.deposit(manager, command.customerId, command.amountCents);
      this.ledger.record(manager, { customerId: command.customerId, kind: 'DEPOSIT', amountCents: command.amountCents });
      return result;
    });
  }
}
