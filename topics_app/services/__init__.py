"""Plain service functions: each takes the cluster first and returns plain data (dataclasses)."""
