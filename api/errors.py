from rest_framework import status
from rest_framework.exceptions import APIException


class Refused(APIException):
    """A service refused a write (the paper's state, the workshop's settings): a 400 with
    the service's message as ``detail``."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"
