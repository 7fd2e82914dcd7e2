"""Pages of the feedback inbox: the public form and status page (no sign-in), the commune's and the province's
inbox. Thin: parse, call one service or selector, render.

The tracking code is the citizen's only credential: it travels in a POST body, never in a URL, and the pages that
show it or what it opens are never cached and send a Referer only to this site (``same-origin``: with
``no-referrer`` the browser posts the forms with ``Origin: null``, which the CSRF check refuses).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ntm.core import ratelimit
from ntm.core.choices import Role
from ntm.core.clientip import client_ip
from ntm.core.exceptions import ServiceError
from ntm.core.files import serve_file
from ntm.core.paging import paginate, querystring_without_page
from ntm.core.permissions import FEEDBACK, require_area
from ntm.core.storage import safe_extension
from ntm.feedback import selectors, services
from ntm.feedback.forms import HONEYPOT, AnswerForm, CodeForm, FeedbackForm, HolidayForm
from ntm.feedback.models import FeedbackState, Holiday

LOOKUP_LIMIT = 30  # code look-ups per address in LOOKUP_WINDOW: enough for a family, too few to guess codes
LOOKUP_WINDOW = 600
SUBMIT_WINDOW = 3600


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _too_many(request) -> HttpResponse:
    response = render(request, "feedback/too_many.html", status=429)
    response["Retry-After"] = str(LOOKUP_WINDOW)
    return _private(response)


@require_http_methods(["GET", "POST"])
def submit(request):
    """Anyone sends feedback; the answer page shows the tracking code once."""
    if request.method == "GET":
        return _private(render(request, "feedback/submit.html", {"form": FeedbackForm()}))
    if not ratelimit.hit(
        "feedback-submit", client_ip(request), limit=settings.NTM_FEEDBACK_IP_LIMIT, window=SUBMIT_WINDOW
    ):
        return _too_many(request)
    form = FeedbackForm(request.POST, request.FILES)
    if form.is_valid() and form.cleaned_data[HONEYPOT]:
        return _private(render(request, "feedback/submit.html", {"form": FeedbackForm()}, status=400))
    if form.is_valid():
        data = services.FeedbackIn(
            unit=form.cleaned_data["unit"],
            hamlet=form.cleaned_data["hamlet"],
            category=form.cleaned_data["category"],
            text=form.cleaned_data["text"],
            contact=form.cleaned_data["contact"],
            latitude=form.cleaned_data["latitude"],
            longitude=form.cleaned_data["longitude"],
        )
        problems = services.check_feedback(data)
        for field, message in problems.items():
            form.add_error(field, message)
        if not problems:
            try:
                item, code = services.feedback_submit(data=data, photo=form.cleaned_data["photo"])
            except ServiceError as exc:
                form.add_error("photo", exc.message)
            else:
                return _private(render(request, "feedback/sent.html", {"item": item, "code": code}))
    return _private(render(request, "feedback/submit.html", {"form": form}, status=400))


@require_http_methods(["GET", "POST"])
def status(request):
    """GET: the form to type a code. POST: what the code's item says now (state and the commune's answer)."""
    if request.method == "GET":
        return _private(render(request, "feedback/status.html", {"form": CodeForm()}))
    if not ratelimit.hit("feedback-code", client_ip(request), limit=LOOKUP_LIMIT, window=LOOKUP_WINDOW):
        return _too_many(request)
    form = CodeForm(request.POST)
    item = selectors.by_code(form.data.get("code", "")) if form.is_valid() else None
    if item is None:
        form.add_error("code", _("No feedback has this code. Check the code on your note."))
        return _private(render(request, "feedback/status.html", {"form": form}, status=404))
    context = {"form": CodeForm(), "item": item, "overdue": _overdue(item)}
    return _private(render(request, "feedback/status.html", context))


def _overdue(item) -> bool:
    return item.state == FeedbackState.NEW and item.due_on < timezone.localdate()


@login_required
def inbox(request):
    require_area(request.user, FEEDBACK)
    state = request.GET.get("trang-thai", "")
    overdue = request.GET.get("qua-han") == "1"
    items = selectors.inbox(request.user, state=state, overdue=overdue)
    page = paginate(request, items)
    context = {
        "page": page,
        "items": [(item, _overdue(item)) for item in page.object_list],
        "state": state,
        "overdue": overdue,
        "states": FeedbackState.choices,
        "query": querystring_without_page(request),
        "today": timezone.localdate(),
        "can_keep_holidays": request.user.is_superuser or request.user.has_role(Role.PROVINCE_COORDINATOR),
    }
    return render(request, "feedback/inbox.html", context)


@login_required
def escalated(request):
    require_area(request.user, FEEDBACK)
    if not selectors.is_province_reader(request.user):
        raise PermissionDenied(_("Only the province sees the escalated feedback."))
    items = list(selectors.escalated(request.user))
    return render(request, "feedback/escalated.html", {"items": items, "today": timezone.localdate()})


def _detail(request, item, form=None, status: int = 200):
    can_answer = item.state != FeedbackState.HANDLED and selectors.can_answer(request.user, item)
    if form is None and can_answer:
        form = AnswerForm(initial={"answer": item.answer})
    context = {"item": item, "form": form if can_answer else None, "overdue": _overdue(item)}
    return render(request, "feedback/item.html", context, status=status)


@login_required
def item(request, pk: int):
    return _detail(request, selectors.item_for_view(request.user, pk))


@login_required
@require_POST
def answer(request, pk: int):
    found = selectors.item_for_change(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_answer(
                actor=request.user,
                item=found,
                answer=form.cleaned_data["answer"],
                handled=form.cleaned_data["handled"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The answer is saved: the citizen reads it with the tracking code."))
            return redirect("feedback:item", pk=found.pk)
    return _detail(request, found, form, status=400)


@login_required
def photo(request, pk: int):
    found = selectors.item_for_view(request.user, pk)
    return serve_file(
        request,
        found.photo,
        content_type=found.mime_type,
        download_name=f"phan-anh-{found.pk}.{safe_extension(found.photo.name, found.mime_type)}",
    )


def _require_coordinator(user) -> None:
    require_area(user, FEEDBACK)
    if not (user.is_superuser or user.has_role(Role.PROVINCE_COORDINATOR)):
        raise PermissionDenied(_("Only the coordination office keeps the list of holidays."))


@login_required
@require_http_methods(["GET", "POST"])
def holidays(request):
    """The days off the working-day deadlines skip: listed and added by the coordination office."""
    _require_coordinator(request.user)
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.holiday_add(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The holiday is added."))
            return redirect("feedback:holidays")
    context = {
        "form": form,
        "holidays": list(Holiday.objects.all()),
        "day_kind": settings.NTM_FEEDBACK_DAY_KIND,
        "days": settings.NTM_FEEDBACK_ANSWER_DAYS,
    }
    return render(request, "feedback/holidays.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def holiday_remove(request, pk: int):
    _require_coordinator(request.user)
    try:
        services.holiday_remove(actor=request.user, holiday_id=pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The holiday is removed."))
    return redirect("feedback:holidays")
