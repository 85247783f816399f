"""Drives kafka-python 2.0.2 (Debian python3-kafka) against a broker and prints one JSON result.

Usage: kafka_python_client.py <bootstrap> admin <topic> <partitions>
       kafka_python_client.py <bootstrap> produce <topic> <count>
       kafka_python_client.py <bootstrap> consume <topic> <group> <count>
"""
import json
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError


def admin(bootstrap, topic, partitions):
    client = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="compat-python-admin")
    try:
        client.create_topics([NewTopic(topic, int(partitions), 1)])
        try:
            client.create_topics([NewTopic(topic, int(partitions), 1)])
            second = "created again"
        except TopicAlreadyExistsError:
            second = "already exists"
        return {"topics": client.list_topics(), "second_create": second}
    finally:
        client.close()


def produce(bootstrap, topic, count):
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", client_id="compat-python-producer")
    try:
        futures = [
            producer.send(topic, key=b"k%d" % i, value=b"v%d" % i, partition=0) for i in range(int(count))
        ]
        producer.flush()
        return {"offsets": [future.get(timeout=10).offset for future in futures]}
    finally:
        producer.close()


def consume(bootstrap, topic, group, count):
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        client_id="compat-python-consumer",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    try:
        messages = []
        deadline = time.time() + 15
        while len(messages) < int(count) and time.time() < deadline:
            for records in consumer.poll(timeout_ms=200).values():
                for record in records:
                    messages.append(
                        {"partition": record.partition, "offset": record.offset,
                         "key": record.key.decode(), "value": record.value.decode()}
                    )
        consumer.commit()
        committed = {str(p): consumer.committed(TopicPartition(topic, p)) for p in consumer.partitions_for_topic(topic)}
        return {"messages": messages, "committed": committed}
    finally:
        consumer.close()


if __name__ == "__main__":
    bootstrap, command, *args = sys.argv[1:]
    result = {"admin": admin, "produce": produce, "consume": consume}[command](bootstrap, *args)
    print(json.dumps(result))
