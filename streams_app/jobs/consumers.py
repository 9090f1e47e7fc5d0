"""WS /ws/jobs/<id>/: a job's progress frames, for viewers and up.

Refused before it opens (4403) without a viewer's session; once open, access is checked again
every WEBSOCKET_ACCESS_CHECK_S and a socket that lost it gets an error frame and 4401 or 4403.
"""
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from streams_app.jobs import display
from streams_app.models import Job
from streams_app.services.jobs.progress import group_name
from streams_app.socket_access import AccessWatch
from topics_app.roles import ADMIN, VIEWER, has_role


@database_sync_to_async
def _job_seen_by(user, job_id):
    """None without the viewer role; else (the job or None, whether `user` may see server paths)."""
    if not has_role(user, VIEWER):
        return None
    return Job.objects.filter(pk=job_id).first(), has_role(user, ADMIN)


@database_sync_to_async
def _current_frame(job_id):
    return Job.objects.get(pk=job_id).progress_frame()


class JobProgressConsumer(AccessWatch, AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.job_id = int(self.scope["url_route"]["kwargs"]["job_id"])
        seen = await _job_seen_by(self.scope.get("user"), self.job_id)
        if seen is None:
            await self.close(code=4403)
            return
        job, self.show_paths = seen
        await self.accept()
        if job is None:
            await self.send_json({"type": "error", "detail": f"No job {self.job_id}."})
            await self.close(code=4404)
            return
        self.params = job.params
        self.group = group_name(self.job_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        # Sent after joining, so a frame pushed in between is not missed (at worst it comes twice).
        await self.send_visible(await _current_frame(self.job_id))
        self.watch_access(VIEWER)

    async def send_visible(self, frame):
        """A frame as this socket's user may see it: an error names the file, not its server path, for all
        but admins (the page and the API hide it the same way)."""
        await self.send_json({**frame, "error": display.visible_error(self.params, frame.get("error"),
                                                                       self.show_paths)})

    async def lose_access(self, code, detail):
        await self.send_json({"type": "error", "detail": detail})
        await self.close(code=code, reason=detail)

    async def disconnect(self, code):
        self.stop_watching_access()
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def job_progress(self, event):
        await self.send_visible(event["frame"])
