"""Rate limits: per account (token or session) and per address for anonymous requests. The
rates are read at each request, so settings (and tests) may change them."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AccountRateThrottle(UserRateThrottle):
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view) -> str | None:
        if not request.user.is_authenticated:
            return None  # AnonymousRateThrottle counts those
        return super().get_cache_key(request, view)


class AnonymousRateThrottle(AnonRateThrottle):
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
