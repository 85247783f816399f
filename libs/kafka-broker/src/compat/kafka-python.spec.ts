import { join } from 'node:path';
import { describeResult, runCommand, startTestBroker, TestBroker, uniqueName } from '../testing';
import { DEBIAN_PYTHON, describeWhenInstalled, kafkaPythonInstalled } from './outside-clients';

const SCRIPT = join(__dirname, 'python', 'kafka_python_client.py');

describeWhenInstalled('python3-kafka', kafkaPythonInstalled(), 'apt-get install python3-kafka')(
  'kafka-python 2.0.2 against the embedded broker',
  () => {
    let broker: TestBroker;

    /** Runs one subcommand of the python driver and returns the JSON it prints. */
    const python = async (...args: string[]) => {
      const result = await runCommand(DEBIAN_PYTHON, [SCRIPT, broker.address, ...args], { timeoutMs: 25_000 });
      if (result.code !== 0) throw new Error(`kafka_python_client.py ${args.join(' ')} ${describeResult(result)}`);
      return JSON.parse(result.stdout);
    };

    beforeAll(async () => {
      broker = await startTestBroker({ defaultPartitions: 1 });
    });

    afterAll(async () => {
      await broker?.stop();
    });

    it('creates a topic through KafkaAdminClient and reports it exists when created twice', async () => {
      const topic = uniqueName('py-admin');

      const result = await python('admin', topic, '2');

      expect(result.topics).toContain(topic);
      expect(result.second_create).toBe('already exists');
    });

    it('consumes what KafkaProducer wrote and commits the group offset when KafkaConsumer has a group_id', async () => {
      const topic = uniqueName('py-roundtrip');
      const groupId = uniqueName('py-group');

      const produced = await python('produce', topic, '12');
      expect(produced.offsets).toEqual(Array.from({ length: 12 }, (_, i) => i));

      const consumed = await python('consume', topic, groupId, '12');
      expect(consumed.messages.map((m: { key: string; value: string }) => `${m.key}=${m.value}`)).toEqual(
        Array.from({ length: 12 }, (_, i) => `k${i}=v${i}`),
      );
      expect(consumed.committed).toEqual({ '0': 12 });

      const fresh = await python('consume', topic, groupId, '0');
      expect(fresh.committed).toEqual({ '0': 12 });
    });
  },
);
