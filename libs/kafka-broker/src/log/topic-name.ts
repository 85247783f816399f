/** Kafka's limit: longer names would overflow file names once the partition suffix is added. */
const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_CHARACTERS = /^[a-zA-Z0-9._-]+$/;

/** Kafka's topic-name rule: 1-249 of [a-zA-Z0-9._-], and not "." or ".." (they would be directory names). */
export function isValidTopicName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= MAX_TOPIC_NAME_LENGTH &&
    name !== '.' &&
    name !== '..' &&
    LEGAL_CHARACTERS.test(name)
  );
}
