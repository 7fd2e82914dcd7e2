"""Ấp (hamlet) models: the list of recognised models in the user's scope and the form that records a decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ntm.core.exceptions import ServiceError
from ntm.core.paging import paginate
from ntm.core.permissions import RECOGNITION, require_area
from ntm.recognition import selectors
from ntm.recognition.forms import HamletModelForm
from ntm.recognition.services.hamlet_models import hamlet_model_recognise


@login_required
def hamlet_models(request):
    require_area(request.user, RECOGNITION)
    may_record = selectors.may_record_hamlet_models(request.user)
    form = HamletModelForm(
        request.POST or None, hamlets=selectors.hamlets_for_model_recognition(request.user)
    )
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(
                _("Only the commune's officers or the coordination office record its ấp models.")
            )
        if form.is_valid():
            try:
                hamlet_model_recognise(actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The ấp model decision is recorded."))
                return redirect("recognition:hamlet_models")
    context = {
        "page": paginate(request, selectors.hamlet_models_for(request.user)),
        "form": form if may_record else None,
        "communes": selectors.communes_with_hamlets(request.user),
    }
    return render(request, "recognition/hamlet_models.html", context, status=400 if form.errors else 200)
