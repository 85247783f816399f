import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Account } from '../../domain/account';
import { AccountsRepository } from '../../persistence/accounts.repository';

@Injectable()
export class AccountsQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
  ) {}

  list(): Promise<Account[]> {
    return this.accounts.list(this.dataSource.manager);
  }

  find(customerId: string): Promise<Account | null> {
    return this.accounts.find(this.dataSource.manager, customerId);
  }
}
