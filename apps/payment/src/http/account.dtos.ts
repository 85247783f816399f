import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, MaxLength, Min } from 'class-validator';
import { Account, MAX_DEPOSIT_CENTS } from '../domain/account';

/** Same rule as the event contracts' customerId: 1 to 64 characters. */
export class CustomerIdParams {
  @ApiProperty({ maxLength: 64, example: 'alice' })
  @MaxLength(64)
  customerId!: string;
}

export class DepositRequest {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_DEPOSIT_CENTS, example: 50000, description: 'Integer cents' })
  @IsInt({ message: 'amountCents must be an integer number of cents' })
  @Min(1)
  @Max(MAX_DEPOSIT_CENTS)
  amountCents!: number;
}

export class AccountResponse {
  @ApiProperty({ example: 'alice' })
  customerId!: string;

  @ApiProperty({ type: 'integer', example: 100000, description: 'Integer cents' })
  balanceCents!: number;
}

export class DepositResponse extends AccountResponse {
  /** True when this deposit opened the account (unknown customers get one). */
  @ApiProperty({ description: 'True when this deposit opened the account (unknown customers get one)' })
  created!: boolean;
}

export function toAccountResponse(account: Account): AccountResponse {
  return { customerId: account.customerId, balanceCents: account.balanceCents };
}
