"""The visitor's address, as the nearest trusted proxy saw it: one rule for every use."""

from django.conf import settings


def client_ip(request):
    """The address that sign-in lockouts and the feedback form's rate limit count.

    Behind TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the
    address the nearest trusted proxy saw; otherwise the connection's own, since a
    header the client wrote itself would let it pick a new address for every guess.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if hops and len(addresses) >= hops:
        return addresses[-hops]
    return request.META.get("REMOTE_ADDR")
