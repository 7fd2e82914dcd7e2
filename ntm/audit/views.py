from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ntm.audit.selectors import audit_entries_for
from ntm.core.paging import is_htmx_partial, paginate, querystring_without_page


@login_required
def audit_list(request):
    entries, entry_filter = audit_entries_for(request.user, request.GET)
    context = {
        "page": paginate(request, entries),
        "filter": entry_filter,
        "querystring": querystring_without_page(request),
    }
    template = "audit/_table.html" if is_htmx_partial(request) else "audit/list.html"
    return render(request, template, context)
