"""The demo topic that `make run` fills so a first visit has something to look at."""
import json
import random
from datetime import datetime, timezone

from topics_app import kafka_clients

DEMO_TOPIC = "demo.pizza-orders"
DEMO_MESSAGES = 300
PIZZAS = ["margherita", "marinara", "diavola", "quattro formaggi", "capricciosa", "funghi"]
CITIES = ["Berlin", "Lisbon", "Oslo", "Naples", "Toronto", "Osaka"]


def ensure_demo_topic(cluster):
    """Create the demo topic with a few hundred orders once; return whether it was created now."""

    def create(admin):
        if DEMO_TOPIC in admin.list_topics():
            return False
        admin.create_topics({DEMO_TOPIC: {"num_partitions": 3, "replication_factor": -1}})
        return True

    created = kafka_clients.run_admin(cluster, create, timeout_s=15)
    if created:
        producer = kafka_clients.producer(cluster)
        rng = random.Random(7)
        for order_id in range(1, DEMO_MESSAGES + 1):
            customer = f"customer-{rng.randint(1, 40)}"
            order = {
                "order_id": order_id,
                "customer": customer,
                "pizza": rng.choice(PIZZAS),
                "quantity": rng.randint(1, 4),
                "city": rng.choice(CITIES),
                "ordered_at": datetime.now(timezone.utc).isoformat(),
            }
            producer.send(DEMO_TOPIC, key=customer.encode(), value=json.dumps(order).encode(),
                          headers=[("source", b"strom-demo")])
        producer.flush(timeout=15)
    return created
