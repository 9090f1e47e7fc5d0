"""Progress frames to the `job.<id>` channel-layer group, which the job's websockets join."""
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger(__name__)


def group_name(job_id):
    return f"job.{job_id}"


def push(job_id, frame):
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group_name(job_id), {"type": "job.progress", "frame": frame})
    except Exception:  # a watcher missing a frame must never fail the job; the row holds the truth
        log.warning("could not push progress of job %s", job_id, exc_info=True)
