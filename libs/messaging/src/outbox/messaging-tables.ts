import { QueryRunner } from 'typeorm';

/**
 * The outbox and the inbox, created by each service's own migration so each database owns
 * its copy. The outbox holds the exact record value, so the relay publishes without decoding.
 */
export async function createMessagingTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE outbox_message (
      id          bigserial PRIMARY KEY,
      event_id    uuid        NOT NULL UNIQUE,
      topic       text        NOT NULL,
      message_key text        NOT NULL,
      event_type  text        NOT NULL,
      value       text        NOT NULL,
      headers     jsonb       NOT NULL DEFAULT '{}'::jsonb,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`);
  await queryRunner.query(`
    CREATE TABLE processed_message (
      consumer     text        NOT NULL,
      event_id     uuid        NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
  await queryRunner.query(`CREATE INDEX processed_message_processed_at ON processed_message (processed_at)`);
}

export async function dropMessagingTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE processed_message`);
  await queryRunner.query(`DROP TABLE outbox_message`);
}

/** The SQLSTATE of a deferred write that touched another number of rows than it expected (see writeTogether). */
export const ROW_COUNT_MISMATCH = 'SG001';

/**
 * `expect_rows(write, touched, expected)`: fails the statement that calls it, and so its transaction, when
 * `touched` differs from `expected`. writeTogether judges its writes with it inside the statement, so nothing
 * in JavaScript has to read their answer before COMMIT may leave.
 */
export async function createRowCountCheck(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE FUNCTION expect_rows(write text, touched bigint, expected bigint) RETURNS boolean
    LANGUAGE plpgsql AS $$
    BEGIN
      IF touched IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'deferred write % touched % rows, expected %', write, touched, expected
          USING ERRCODE = '${ROW_COUNT_MISMATCH}', DETAIL = json_build_object('write', write, 'touched', touched)::text;
      END IF;
      RETURN true;
    END $$`);
}

export async function dropRowCountCheck(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP FUNCTION expect_rows(text, bigint, bigint)`);
}
