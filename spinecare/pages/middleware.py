"""Security headers: a strict Content-Security-Policy everywhere, admin's a little wider."""

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Django admin and the markdown editor load only this site's files and set styles
# from their scripts, which a CSP allows; the editor's pictures are data: previews
# of a file being dropped in.
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# No page needs a camera, microphone, location, payment or USB device.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
)


def content_security_policy(get_response):
    def middleware(request):
        response = get_response(request)
        admin = request.path.startswith("/admin/")
        response.headers.setdefault(
            "Content-Security-Policy", ADMIN_POLICY if admin else POLICY
        )
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
