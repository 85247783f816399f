import { IsDefined, IsString, Length } from 'class-validator';

export class ListOrdersQuery {
  @IsDefined({ message: 'customerId query parameter is required' })
  @IsString()
  @Length(1, 64)
  customerId!: string;
}
