"""API errors are JSON {error, detail} with a status that says whose fault it was."""
from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from topics_app.errors import ServiceError


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        body = {"error": type(exc).__name__, "detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        if exc.fields:
            body["fields"] = exc.fields
        return Response(body, status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        # Django refuses a body past DATA_UPLOAD_MAX_MEMORY_SIZE with its own HTML page; the API answers JSON.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response({"error": "RequestTooLarge",
                         "detail": f"The request body is larger than Strom's limit of {limit:,} bytes "
                                   f"(DATA_UPLOAD_MAX_MEMORY_SIZE); send less in one request."},
                        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, SuspiciousOperation):
        return Response({"error": "BadRequest", "detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"error": "ValidationError", "detail": exc.detail}
    elif isinstance(exc, exceptions.APIException):
        response.data = {"error": type(exc).__name__, "detail": str(exc.detail)}
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = "Token"
    return response
