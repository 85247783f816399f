import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { AccountsQuery } from '../application/queries/accounts.query';
import { DepositHandler } from '../application/deposit/deposit.handler';
import { AccountResponse, CustomerIdParams, DepositRequest, DepositResponse, toAccountResponse } from './account.dtos';

@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsQuery,
    private readonly deposits: DepositHandler,
  ) {}

  @Get()
  async list(): Promise<AccountResponse[]> {
    return (await this.accounts.list()).map(toAccountResponse);
  }

  @Get(':customerId')
  async get(@Param() { customerId }: CustomerIdParams): Promise<AccountResponse> {
    const account = await this.accounts.find(customerId);
    if (!account) throw new NotFoundException(`no account for customer "${customerId}"`);
    return toAccountResponse(account);
  }

  /** 200 in both cases; `created` says whether the deposit opened a new account. */
  @Post(':customerId/deposit')
  @HttpCode(200)
  async deposit(@Param() { customerId }: CustomerIdParams, @Body() body: DepositRequest): Promise<DepositResponse> {
    const { account, created } = await this.deposits.execute({ customerId, amountCents: body.amountCents });
    return { ...toAccountResponse(account), created };
  }
}
