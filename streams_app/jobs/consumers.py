"""WS /ws/jobs/<id>/: a job's progress frames, for viewers and up.

Refused before it opens (4403) without a viewer's session; once open, access is checked again
every WEBSOCKET_ACCESS_CHECK_S and a socket that lost it gets an error frame and 4401 or 4403.
"""
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from streams_app.models import Job
from streams_app.services.jobs.progress import group_name
from streams_app.socket_access import AccessWatch
from topics_app.roles import VIEWER, has_role


@database_sync_to_async
def _frame_for(user, job_id):
    if not has_role(user, VIEWER):
        return None
    job = Job.objects.filter(pk=job_id).first()
    return job.progress_frame() if job else {}


class JobProgressConsumer(AccessWatch, AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.job_id = int(self.scope["url_route"]["kwargs"]["job_id"])
        frame = await _frame_for(self.scope.get("user"), self.job_id)
        if frame is None:
            await self.close(code=4403)
            return
        await self.accept()
        if not frame:
            await self.send_json({"type": "error", "detail": f"No job {self.job_id}."})
            await self.close(code=4404)
            return
        self.group = group_name(self.job_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        # Sent after joining, so a frame pushed in between is not missed (at worst it comes twice).
        await self.send_json(await _frame_for(self.scope.get("user"), self.job_id))
        self.watch_access(VIEWER)

    async def lose_access(self, code, detail):
        await self.send_json({"type": "error", "detail": detail})
        await self.close(code=code, reason=detail)

    async def disconnect(self, code):
        self.stop_watching_access()
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def job_progress(self, event):
        await self.send_json(event["frame"])
