"""A single-node Kafka broker of a test's own, for tests that stop a broker: on free ports, with its own
data directory, from platform/kafka's jars and server.properties. The shared broker is never stopped."""
import base64
import socket
import subprocess
import time
import uuid

from kafka import KafkaAdminClient
from kafka.errors import KafkaError

from tests.conftest import REPO

KAFKA_DIR = REPO / "platform" / "kafka"
CLASSPATH = str(KAFKA_DIR / "lib" / "*")
JAVA = ["java", "-Xmx256m", "-Xms128m", "-cp", CLASSPATH]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnBroker:
    def __init__(self, data_dir):
        self.port, controller_port = free_port(), free_port()
        self.bootstrap = f"127.0.0.1:{self.port}"
        self.log = data_dir / "kafka.log"
        self.properties = data_dir / "server.properties"
        template = (KAFKA_DIR / "server.properties").read_text()
        self.properties.write_text(template.replace("@LOG_DIR@", str(data_dir / "kraft"))
                                   .replace("127.0.0.1:9092", self.bootstrap)
                                   .replace("127.0.0.1:9093", f"127.0.0.1:{controller_port}"))
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        subprocess.run([*JAVA, f"-Dlog4j2.configurationFile={KAFKA_DIR / 'tools-log4j2.properties'}",
                        "kafka.tools.StorageTool", "format", "--standalone",
                        # the = form: a random id may begin with "-" and be read as an option
                        f"--cluster-id={cluster_id}",
                        "-c", str(self.properties)], check=True, capture_output=True, timeout=120)
        self.process = None

    def start(self, timeout_s=120):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [*JAVA, f"-Dlog4j2.configurationFile={KAFKA_DIR / 'log4j2.properties'}", "kafka.Kafka",
                 str(self.properties)], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_s
        while not self.answers():
            assert self.process.poll() is None, f"the test's broker exited; see {self.log}"
            assert time.monotonic() < deadline, f"the test's broker did not answer; see {self.log}"
            time.sleep(0.5)

    def answers(self):
        try:
            admin = KafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=2000)
        except KafkaError:
            return False
        try:
            admin.list_topics()
            return True
        except KafkaError:
            return False
        finally:
            admin.close()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.process = None
