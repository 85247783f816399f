import { MigrationInterface, QueryRunner } from 'typeorm';
import { createRowCountCheck, dropRowCountCheck } from '@saga/messaging';

/** The check a transaction's deferred writes run inside their own statement (writeTogether). */
export class AddRowCountCheck1796601600000 implements MigrationInterface {
  up = (queryRunner: QueryRunner) => createRowCountCheck(queryRunner);
  down = (queryRunner: QueryRunner) => dropRowCountCheck(queryRunner);
}
