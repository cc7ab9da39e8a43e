"""Security headers: one strict Content-Security-Policy, admin included, and no devices."""

# Django admin's scripts and the markdown editor's are files from this site and set
# styles through the DOM, which a CSP allows: admin needs nothing looser than this
# (tests/browser/test_admin_security.py watches for violations).
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# No page needs a camera, microphone, location, payment or USB device.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
)


def content_security_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response

    return middleware


def permissions_policy(get_response):
    """On every response, static files included: no device access, no embedding."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware
