"""Connect's answers as Strom's errors (topics_app.errors), so pages and the API render them as any other."""
from topics_app.errors import ClusterMisconfigured, ClusterUnreachable, InvalidRequest, ServiceError


class ConnectUnreachable(ClusterUnreachable):
    """No answer from the Connect REST API (stopped, refusing, timing out, or still starting)."""


class ConnectRefusedStrom(ClusterMisconfigured):
    """Connect refused Strom's credentials: an admin must correct the Connect cluster's settings."""


class ConnectFailed(ServiceError):
    """Connect answered with an error of its own (a 5xx): its words are passed on."""

    status = 502

    def __init__(self, message, connect_message=""):
        super().__init__(message)
        self.connect_message = connect_message


class ConfigInvalid(InvalidRequest):
    """Connect's validation found errors: `fields` maps each config to Connect's messages."""

    def __init__(self, message, fields):
        first = next(iter(fields), None)
        super().__init__(message, field=first, fields=fields)
