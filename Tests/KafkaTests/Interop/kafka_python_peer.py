#!/usr/bin/python3
"""A second, independent Kafka client for Homeward's interoperability test.

kafka-python (Debian's python3-kafka) is a pure-Python implementation of the
Kafka protocol, sharing no code with librdkafka.

  kafka_python_peer.py consume BOOTSTRAP TOPIC COUNT
      reads COUNT records from every partition of TOPIC (from the beginning)
      and prints one JSON object per record: partition, offset, key, value
      (hex, null for null), headers ([name, hex]) and timestamp.
  kafka_python_peer.py produce BOOTSTRAP TOPIC
      reads the same JSON objects from stdin and produces them (keyed, with
      headers and timestamps), waits for every acknowledgement and prints a
      JSON line per record with the partition and offset the broker gave it.
"""
import json
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

API_VERSION = (2, 0, 0)


def unhex(value):
    return None if value is None else bytes.fromhex(value)


def tohex(value):
    return None if value is None else value.hex()


def consume(bootstrap, topic, count):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, api_version=API_VERSION,
                             enable_auto_commit=False, group_id=None,
                             consumer_timeout_ms=20000)
    partitions = consumer.partitions_for_topic(topic)
    deadline = time.time() + 30
    while partitions is None and time.time() < deadline:
        time.sleep(0.2)
        partitions = consumer.partitions_for_topic(topic)
    if partitions is None:
        sys.exit(f"topic {topic} not found")
    consumer.assign([TopicPartition(topic, p) for p in sorted(partitions)])
    consumer.seek_to_beginning()
    seen = 0
    for message in consumer:
        print(json.dumps({
            "partition": message.partition,
            "offset": message.offset,
            "key": tohex(message.key),
            "value": tohex(message.value),
            "headers": [[name, tohex(value)] for name, value in (message.headers or [])],
            "timestamp": message.timestamp,
        }), flush=True)
        seen += 1
        if seen >= count:
            break
    consumer.close()
    if seen < count:
        sys.exit(f"read {seen} of {count} records")


def produce(bootstrap, topic):
    producer = KafkaProducer(bootstrap_servers=bootstrap, api_version=API_VERSION, acks="all")
    futures = []
    for line in sys.stdin:
        if not line.strip():
            continue
        record = json.loads(line)
        futures.append(producer.send(
            topic,
            key=unhex(record.get("key")),
            value=unhex(record.get("value")),
            headers=[(name, unhex(value)) for name, value in record.get("headers", [])],
            timestamp_ms=record.get("timestamp")))
    producer.flush()
    for future in futures:
        metadata = future.get(timeout=30)
        print(json.dumps({"partition": metadata.partition, "offset": metadata.offset}), flush=True)
    producer.close()


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "consume":
        consume(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "produce":
        produce(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
