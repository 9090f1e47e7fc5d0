"""Strom's errors: each carries a message fit to show a person, the HTTP status that says whose
fault it was, and (when one input is at fault) the name of that field.

Kafka's own errors become these in `kafka_clients`; request parsing and validation raise them
directly. Pages, the API and websockets render any `ServiceError` the same way.
"""


class ServiceError(Exception):
    status = 400
    passes = False

    def __init__(self, message, field=None, fields=None):
        super().__init__(message)
        self.message = message
        self.field = field
        # {field: [messages]} when several inputs are at fault at once (e.g. Connect's validation of a config).
        self.fields = fields or {}


class InvalidRequest(ServiceError):
    status = 400


class AccessDenied(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class AlreadyExists(ServiceError):
    status = 409


class Conflict(ServiceError):
    """The request is valid but the cluster's current state refuses it (e.g. a group that is not empty)."""

    status = 409


class Fenced(ServiceError):
    """A newer producer with the same transactional id took over (e.g. a job resumed elsewhere)."""

    status = 409


class ClusterUnreachable(ServiceError):
    status = 503
    # The page says to reload later: the cluster may come back by itself.
    passes = True


class ClusterMisconfigured(ServiceError):
    """The cluster's own settings (e.g. a CA certificate that does not parse) stop Strom from building a client.

    Nobody's request is at fault and retrying does not help: an admin must correct the cluster.
    """

    status = 503


class NotEnoughReplicas(Conflict):
    """The partition has fewer in-sync replicas than min.insync.replicas, so acks=all cannot be met."""

    def __init__(self, message, after_append=False, field="acks"):
        super().__init__(message, field=field)
        self.after_append = after_append
