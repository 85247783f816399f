import { ErrorCode } from '../errors';
import { DeleteTopicsResponse } from '../protocol/messages/delete-topics';
import { DataPathContext, dataPathContext } from './__fixtures__/data-path-context';
import { deleteTopicsHandler } from './delete-topics.handler';

describe('delete topics handler', () => {
  let context: DataPathContext;
  const deleteTopics = async (topicNames: string[]) =>
    ((await deleteTopicsHandler.handle({ topicNames, timeoutMs: 1000 }, context.ctx)) as DeleteTopicsResponse).responses;

  beforeEach(() => {
    context = dataPathContext({ apiKey: 20, apiVersion: 1 });
    context.topics.create('a', 1);
    context.topics.create('b', 1);
  });

  afterEach(() => context.close());

  it('deletes the topics and has the group coordinator forget their committed offsets', async () => {
    expect(await deleteTopics(['a'])).toEqual([{ name: 'a', errorCode: 0 }]);
    expect(context.topics.list().map((t) => t.name)).toEqual(['b']);
    expect(context.forgotten).toEqual(['a']);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a topic it does not know, and deletes the others', async () => {
    expect(await deleteTopics(['missing', 'b'])).toEqual([
      { name: 'missing', errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
      { name: 'b', errorCode: 0 },
    ]);
    expect(context.forgotten).toEqual(['b']);
  });
});
