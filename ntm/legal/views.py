from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.exceptions import ServiceError
from ntm.core.paging import paginate, querystring_without_page
from ntm.legal import selectors, services
from ntm.legal.forms import LegalDocumentForm, NewLegalDocumentForm


def document_list(request):
    documents, filterset = selectors.legal_documents_filtered(request.GET)
    context = {
        "page": paginate(request, documents),
        "filter": filterset,
        "querystring": querystring_without_page(request),
        "can_edit": request.user.is_authenticated and selectors.may_edit(request.user),
    }
    return render(request, "legal/document_list.html", context)


def document_detail(request, document_id: int):
    document = selectors.legal_document(document_id)
    can_edit = selectors.may_edit(request.user)
    form = LegalDocumentForm(instance=document) if can_edit else None
    return render(request, "legal/document_detail.html", {"document": document, "form": form})


@login_required
def document_create(request):
    """The coordinator adds a record the shipped file lacks; sources typed on other pages may then cite it."""
    if not selectors.may_edit(request.user):
        raise PermissionDenied(_("Only the province coordinator corrects the legal-document registry."))
    form = NewLegalDocumentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                document = services.legal_document_create(data=form.cleaned_data, actor=request.user)
            except ServiceError as exc:
                form.add_error("symbol", exc.message)
            else:
                messages.success(request, _("Legal document added to the registry."))
                return redirect("legal:detail", document_id=document.pk)
        return render(request, "legal/document_create.html", {"form": form}, status=400)
    return render(request, "legal/document_create.html", {"form": form})


@login_required
@require_POST
def document_edit(request, document_id: int):
    document = selectors.legal_document(document_id)
    if not selectors.may_edit(request.user):
        raise PermissionDenied(_("Only the province coordinator corrects the legal-document registry."))
    # A copy for the form: validating it changes its instance, and a refused page shows the saved values.
    form = LegalDocumentForm(request.POST, instance=selectors.legal_document(document_id))
    if not form.is_valid():
        messages.error(request, _("Check the highlighted fields; nothing changed."))
        return render(request, "legal/document_detail.html", {"document": document, "form": form}, status=400)
    try:
        services.legal_document_update(document=document, data=form.cleaned_data, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Legal document saved."))
    return redirect("legal:detail", document_id=document.pk)
