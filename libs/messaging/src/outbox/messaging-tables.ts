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
