import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HttpErrorResponse } from '@saga/messaging';
import { AccountsQuery } from '../application/queries/accounts.query';
import { DepositHandler } from '../application/deposit/deposit.handler';
import { AccountResponse, CustomerIdParams, DepositRequest, DepositResponse, toAccountResponse } from './account.dtos';

@ApiTags('accounts')
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsQuery,
    private readonly deposits: DepositHandler,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every customer account with its balance' })
  @ApiOkResponse({ type: [AccountResponse] })
  async list(): Promise<AccountResponse[]> {
    return (await this.accounts.list()).map(toAccountResponse);
  }

  @Get(':customerId')
  @ApiOperation({ summary: "One customer's balance" })
  @ApiOkResponse({ type: AccountResponse })
  @ApiBadRequestResponse({ type: HttpErrorResponse, description: 'customerId longer than 64 characters' })
  @ApiNotFoundResponse({ type: HttpErrorResponse, description: 'No account for this customer' })
  async get(@Param() { customerId }: CustomerIdParams): Promise<AccountResponse> {
    const account = await this.accounts.find(customerId);
    if (!account) throw new NotFoundException(`no account for customer "${customerId}"`);
    return toAccountResponse(account);
  }

  /** 200 in both cases; `created` says whether the deposit opened a new account. */
  @Post(':customerId/deposit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add money to an account, opening it for an unknown customer' })
  @ApiOkResponse({ type: DepositResponse })
  @ApiBadRequestResponse({ type: HttpErrorResponse, description: 'amountCents missing, not an integer, or out of range; customerId too long' })
  async deposit(@Param() { customerId }: CustomerIdParams, @Body() body: DepositRequest): Promise<DepositResponse> {
    const { account, created } = await this.deposits.execute({ customerId, amountCents: body.amountCents });
    return { ...toAccountResponse(account), created };
  }
}
