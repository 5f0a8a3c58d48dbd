"""The access log's one writer: every page that shows a person, every change and every export
that contains them calls `record_access` (CNIL: traceability of access to social-support
records). The log is append-only; nothing in the UI edits it."""

from django.conf import settings

from .models import AccessLog


def client_address(request):
    """The visitor's IP address (str or None): the proxy's header named by
    `settings.CLIENT_IP_HEADER` when set, else REMOTE_ADDR."""
    header = settings.CLIENT_IP_HEADER or "REMOTE_ADDR"
    value = request.META.get(header, "")
    return value.split(",")[0].strip() or None


def record_access(request, beneficiaries, kind):
    """Write one `AccessLog` row per beneficiary for `request.user`.

    `beneficiaries`: a Beneficiary, or an iterable of Beneficiary objects or primary keys (an
    export). `kind`: an `AccessKind` value. The page's path is stored without its query
    string, which may hold search terms. Returns the number of rows written (one query).
    """
    if not hasattr(beneficiaries, "__iter__"):
        beneficiaries = [beneficiaries]
    address = client_address(request)
    rows = [
        AccessLog(
            beneficiary_id=getattr(beneficiary, "pk", beneficiary),
            user=request.user,
            kind=kind,
            address=address,
            path=request.path[:300],
        )
        for beneficiary in beneficiaries
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)
