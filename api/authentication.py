from rest_framework import authentication, exceptions

from api.selectors import api_token_user


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` with a personal token from /accounts/tokens/."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send `Authorization: Token <key>`.")
        user = api_token_user(key=header[1].decode("latin-1"))
        if user is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked token.")
        return user, None

    def authenticate_header(self, request) -> str:
        return self.keyword
