import { IsInt, Max, MaxLength, Min } from 'class-validator';
import { Account, MAX_DEPOSIT_CENTS } from '../domain/account';

/** Same rule as the event contracts' customerId: 1 to 64 characters. */
export class CustomerIdParams {
  @MaxLength(64)
  customerId!: string;
}

export class DepositRequest {
  @IsInt({ message: 'amountCents must be an integer number of cents' })
  @Min(1)
  @Max(MAX_DEPOSIT_CENTS)
  amountCents!: number;
}

export interface AccountResponse {
  customerId: string;
  balanceCents: number;
}

export interface DepositResponse extends AccountResponse {
  /** True when this deposit opened the account (unknown customers get one). */
  created: boolean;
}

export function toAccountResponse(account: Account): AccountResponse {
  return { customerId: account.customerId, balanceCents: account.balanceCents };
}
