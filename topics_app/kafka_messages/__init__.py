"""Kafka's own JSON definitions of the requests kafka-python 3.0.12 does not declare, which
kafka_group_protocol turns into kafka-python message classes. Copied from Apache Kafka's
clients/src/main/resources/common/message/ at the versions Kafka 4.1 speaks."""
