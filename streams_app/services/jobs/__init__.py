"""Ingest, generator and replay jobs: plain functions that take the cluster first.

Each kind has `clean_params(cluster, params)` (validates a request, naming the field at
fault) and `run(cluster, job)` (does the work, reporting progress through the job row).
"""
