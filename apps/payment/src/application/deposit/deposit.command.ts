/** Adds money to a customer's account; opens the account if the customer has none. */
export interface DepositCommand {
  customerId: string;
  amountCents: number;
}
