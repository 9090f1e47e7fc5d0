"""Starting jobs from a request's fields (API and pages alike), audited."""
from django.conf import settings

from streams_app.models import Job
from streams_app.services.jobs import ingest, runner, uploads
from topics_app.errors import InvalidRequest
from topics_app.models import AuditEntry, Cluster


def cluster_named(name):
    name = name or settings.KAFKA_DEFAULT_CLUSTER_NAME
    if not isinstance(name, str):
        raise InvalidRequest("cluster must be a cluster's name.", field="cluster")
    cluster = Cluster.objects.filter(name=name).first()
    if cluster is None:
        raise InvalidRequest(f"No cluster named {name!r}.", field="cluster")
    return cluster


def _audited_create(user, kind, cluster, params):
    target = params.get("target_topic") or params.get("topic") or ""
    details = {"kind": kind}
    with AuditEntry.track(user, "start_job", cluster=cluster, target=str(target), details=details):
        job = runner.create(kind, cluster, user, params)
        details["job"] = job.pk
    return job


def start(user, kind, data, uploaded=None, kept=None):
    """Validate and start a job of `kind` from request data; ingest takes an uploaded file, an upload already
    stored (`kept`, a path from uploads.store, which a refused form keeps for the next try) or a server path."""
    if kind not in Job.Kind.values:
        raise InvalidRequest(f"kind must be one of {', '.join(Job.Kind.values)}.", field="kind")
    if not hasattr(data, "items"):
        raise InvalidRequest("The body must be a JSON object.", field="body")
    params = {name: value for name, value in data.items() if name not in ("cluster", "file")}
    cluster = cluster_named(data.get("cluster"))
    if kind != Job.Kind.INGEST:
        return _audited_create(user, kind, cluster, params)
    stored = None
    if kept is not None:
        params.update(path=str(kept), file_name=kept.name.split("-", 1)[1])
    elif uploaded is not None:
        stored = uploads.store(uploaded)
        params.update(path=str(stored), file_name=uploaded.name)
    elif data.get("path") not in (None, ""):
        params["path"] = str(ingest.allowed_path(data["path"]))
    else:
        raise InvalidRequest("Upload a file, or give the path of one on the server.", field="file")
    try:
        return _audited_create(user, kind, cluster, params)
    except Exception:
        if stored is not None:
            uploads.discard(stored)
        raise


def cancel(user, job):
    with AuditEntry.track(user, "cancel_job", cluster=job.cluster, target=job.target, details={"job": job.pk}):
        runner.cancel(job)
    return job


def rerun(user, job):
    with AuditEntry.track(user, "start_job", cluster=job.cluster, target=job.target,
                          details={"kind": job.kind, "rerun_of": job.pk}):
        return runner.rerun(job, user)
