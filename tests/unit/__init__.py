"""Fast tests of pure code: no Kafka, Redis, Celery, database or browser (`make unit`)."""
