"""A Kafka cluster of a test's own, for tests that stop, kill or restart nodes: on free ports, with its own
data directory, from platform/kafka's jars and server.properties template. The shared cluster is never stopped.
`OwnCluster(tmp_path, nodes=3)` is three nodes (replication factor 3, min.insync.replicas 2, as the shared
one); `OwnBroker(tmp_path)` is a single node. `properties` ({key: value}, the template's placeholders such as
@PORT@ allowed) replace or add lines of every node's server.properties, and `format_args` go to the storage
format (e.g. --add-scram): a test adds a listener of another kind so, keeping the PLAINTEXT one its probe uses."""
import base64
import re
import signal
import socket
import subprocess
import time
import uuid

from kafka import KafkaAdminClient
from kafka.errors import KafkaError

from tests.conftest import REPO

KAFKA_DIR = REPO / "platform" / "kafka"
CLASSPATH = str(KAFKA_DIR / "lib" / "*")
# 512 MB as the shared nodes have: at 256 MB a node now and then died of OutOfMemoryError starting its LogManager.
JAVA = ["java", "-Xmx512m", "-Xms128m", "-cp", CLASSPATH]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(bootstrap, node_id=None):
    """True when the node(s) at `bootstrap` answer a Metadata request (and list `node_id` as up, if given)."""
    try:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=2000, bootstrap_timeout_ms=2000)
    except KafkaError:
        return False
    try:
        brokers = admin.describe_cluster()["brokers"]
        return bool(brokers) and (node_id is None or node_id in {broker["broker_id"] for broker in brokers})
    except KafkaError:
        return False
    finally:
        admin.close()


def with_properties(text, properties):
    """`text` (a .properties file) with each key's line replaced by `key=value`, or the line added."""
    for key, value in properties.items():
        line = f"{key}={value}"
        text, found = re.subn(rf"(?m)^{re.escape(key)}=.*$", lambda _: line, text)
        if not found:
            text += f"{line}\n"
    return text


class OwnNode:
    def __init__(self, node_id, data_dir, port, controller_port, voters, replication_factor, min_isr,
                 properties=None):
        self.node_id = node_id
        self.port = port
        self.bootstrap = f"127.0.0.1:{port}"
        self.log = data_dir / "kafka.log"
        self.properties = data_dir / "server.properties"
        template = with_properties((KAFKA_DIR / "server.properties").read_text(), properties or {})
        filled = {"@NODE_ID@": node_id, "@PORT@": port, "@CONTROLLER_PORT@": controller_port, "@VOTERS@": voters,
                  "@LOG_DIR@": data_dir / "kraft", "@REPLICATION_FACTOR@": replication_factor, "@MIN_ISR@": min_isr}
        for placeholder, value in filled.items():
            template = template.replace(placeholder, str(value))
        self.properties.write_text(template)
        self.process = None

    def format(self, cluster_id, extra_args=()):
        subprocess.run([*JAVA, f"-Dlog4j2.configurationFile={KAFKA_DIR / 'tools-log4j2.properties'}",
                        # the = form: a random id may begin with "-" and be read as an option
                        "kafka.tools.StorageTool", "format", f"--cluster-id={cluster_id}",
                        "-c", str(self.properties), *extra_args], check=True, capture_output=True, timeout=120)

    def launch(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [*JAVA, f"-Dlog4j2.configurationFile={KAFKA_DIR / 'log4j2.properties'}", "kafka.Kafka",
                 str(self.properties)], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_until_listed(self, timeout_s=120):
        deadline = time.monotonic() + timeout_s
        while not answers(self.bootstrap, self.node_id):
            assert self.running, f"node {self.node_id} exited; see {self.log}"
            assert time.monotonic() < deadline, f"node {self.node_id} did not answer; see {self.log}"
            time.sleep(0.5)

    def start(self, timeout_s=120):
        self.launch()
        try:
            self.wait_until_listed(timeout_s)
        except BaseException:
            self.kill()
            raise

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        """A clean shutdown (SIGTERM), as an operator stops a node."""
        if self.running:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.process = None

    def kill(self):
        """kill -9: the node dies as in a crash, with no controlled shutdown."""
        if self.running:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None


class OwnCluster:
    def __init__(self, data_dir, nodes=3, properties=None, format_args=()):
        ports = {node_id: (free_port(), free_port()) for node_id in range(1, nodes + 1)}
        voters = ",".join(f"{node_id}@127.0.0.1:{controller}" for node_id, (_, controller) in ports.items())
        replication_factor, min_isr = (3, 2) if nodes >= 3 else (nodes, 1)
        self.nodes = {}
        for node_id, (port, controller) in ports.items():
            node_dir = data_dir / f"node-{node_id}"
            node_dir.mkdir(parents=True, exist_ok=True)
            self.nodes[node_id] = OwnNode(node_id, node_dir, port, controller, voters, replication_factor, min_isr,
                                          properties)
        self.bootstrap = ",".join(node.bootstrap for node in self.nodes.values())
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        for node in self.nodes.values():
            node.format(cluster_id, format_args)

    def node(self, node_id):
        return self.nodes[node_id]

    def start(self, timeout_s=120):
        # All at once: with static voters no node is ready before a majority of them runs.
        for node in self.nodes.values():
            if not node.running:
                node.launch()
        try:
            for node in self.nodes.values():
                node.wait_until_listed(timeout_s)
        except BaseException:
            # A cluster that did not come up is not left running for the rest of the session.
            self.kill()
            raise

    def stop(self):
        for node in self.nodes.values():
            if node.running:
                node.process.terminate()
        for node in self.nodes.values():
            node.stop()

    def kill(self):
        for node in self.nodes.values():
            node.kill()


class OwnBroker(OwnCluster):
    """One node: `.port` and `.log` are the node's."""

    def __init__(self, data_dir, properties=None, format_args=()):
        super().__init__(data_dir, nodes=1, properties=properties, format_args=format_args)
        self.port = self.node(1).port
        self.log = self.node(1).log

    def answers(self):
        return answers(self.bootstrap)
