"""Pages of the knowledge library (public and internal) and of emulation and awards. Thin: parse, call one
selector or service, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ntm.core.exceptions import ServiceError
from ntm.core.files import download, serve_file
from ntm.core.paging import paginate, querystring_without_page
from ntm.core.permissions import KNOWLEDGE, require_area
from ntm.core.scoping import CHANGE
from ntm.core.uploads import DOCX
from ntm.knowledge import documents, markup, selectors, services
from ntm.knowledge.forms import (
    ArticleForm,
    ArticleImageForm,
    AwardAddForm,
    DecisionForm,
    MovementForm,
    ParticipantForm,
    TransitionForm,
)
from ntm.knowledge.models import ArticleKind, ArticleState, ModelField

# --- Public pages ----------------------------------------------------------------------------------------------------


def _filters_context(request, query) -> dict:
    return {
        "query": query,
        "kinds": ArticleKind.choices,
        "fields": ModelField.choices,
        "tags": selectors.tags_in_use(),
        "querystring": querystring_without_page(request),
    }


def public_list(request):
    rows, query = selectors.public_articles(request.GET)
    context = {"page": paginate(request, rows), **_filters_context(request, query)}
    return render(request, "knowledge/public_list.html", context)


def showcase(request):
    groups, query = selectors.good_model_showcase(request.GET)
    context = {"groups": groups, "units": selectors.showcase_units(), **_filters_context(request, query)}
    return render(request, "knowledge/showcase.html", context)


def public_detail(request, pk: int):
    article = selectors.public_article(pk)
    context = {
        "article": article,
        "body_html": markup.render(article.body),
        "legal": selectors.legal_links(article),
        "images": [
            (image, reverse("knowledge:public_image", args=[article.pk, image.pk]))
            for image in article.images.all()
        ],
    }
    return render(request, "knowledge/public_detail.html", context)


def _serve_image(request, image):
    return serve_file(request, image.file, content_type=image.mime_type, download_name=image.original_name)


def public_image(request, pk: int, image_id: int):
    """An image of a published item, for everyone (a draft's image answers 404 here)."""
    response = _serve_image(request, selectors.public_image(pk, image_id))
    response["Cache-Control"] = "public, max-age=300"  # a withdrawn item's image leaves caches soon
    return response


def public_awards(request):
    """The awards of the recorded award decisions by year (public): units, and people by name and position."""
    years = selectors.public_award_years()
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() and int(value) in years else (years[0] if years else None)
    awards = selectors.public_awards(year) if year else []
    decisions: dict[int, list] = {}
    for award in awards:
        decisions.setdefault(award.decision_id, []).append(award)
    context = {
        "year": year,
        "years": years,
        "decisions": [(rows[0].decision, rows) for rows in decisions.values()],
        "count": len(awards),
    }
    return render(request, "knowledge/public_awards.html", context)


class LatestFeed(Feed):
    """RSS 2.0 of the latest published items (``django.contrib.syndication``)."""

    title = gettext_lazy("NTM digital: news, guidance and good models")
    description = gettext_lazy("The latest items published in the new rural development knowledge library.")

    def link(self):
        return reverse("knowledge:public_list")

    def items(self):
        return selectors.latest_published(20)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        text = item.summary or markup.plain(item.body)
        return text[:500]

    def item_link(self, item):
        return reverse("knowledge:public_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.get_kind_display(), *(tag.name for tag in item.tags.all())]


# --- The internal library --------------------------------------------------------------------------------------------


@login_required
def manage_list(request):
    rows, query = selectors.library_for(request.user, request.GET)
    context = {
        "page": paginate(request, rows),
        "states": ArticleState.choices,
        "state": request.GET.get("state", ""),
        "can_write": selectors.may_write(request.user),
        "review": list(selectors.review_queue(request.user)[:20]),
        **_filters_context(request, query),
    }
    return render(request, "knowledge/manage_list.html", context)


def _article_form_page(request, article=None):
    initial = ArticleForm.initial_for(article) if article is not None else {"kind": ArticleKind.GOOD_MODEL}
    form = ArticleForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            tags = services.parse_tags(data.pop("tags"))
            saved = services.article_save(actor=request.user, article=article, data=data, tags=tags)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:manage_detail", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    title = _("Edit the item") if article is not None else _("New item")
    return render(
        request,
        "knowledge/article_form.html",
        {"form": form, "article": article, "title": title},
        status=status,
    )


@login_required
def article_create(request):
    require_area(request.user, KNOWLEDGE, CHANGE)
    return _article_form_page(request)


@login_required
def article_edit(request, pk: int):
    article = selectors.article_for_change(request.user, pk)
    return _article_form_page(request, article)


@login_required
def manage_detail(request, pk: int):
    return _manage_detail(request, pk)


def _manage_detail(request, pk: int, image_form=None, status: int = 200):
    article = selectors.article_for_view(request.user, pk)
    can_change = selectors.may_change(request.user, article)
    publisher = can_change and selectors.is_publisher(request.user)
    actions = []
    if can_change:
        for action, (sources, _target, publishers_only) in services.TRANSITIONS.items():
            if article.state in sources and (publisher or not publishers_only):
                actions.append(action)
    can_edit = can_change and (
        article.state == ArticleState.DRAFT or (publisher and article.state == ArticleState.REVIEW)
    )
    context = {
        "article": article,
        "body_html": markup.render(article.body),
        "legal": selectors.legal_links(article),
        "can_edit": can_edit,
        "actions": actions,
        "images": [
            (image, reverse("knowledge:manage_image", args=[article.pk, image.pk]))
            for image in article.images.all()
        ],
        "image_form": (image_form or ArticleImageForm()) if can_edit else None,
    }
    return render(request, "knowledge/manage_detail.html", context, status=status)


@login_required
def manage_image(request, pk: int, image_id: int):
    """An image of an item in the internal library: drafts' images only for the area's readers in scope."""
    response = _serve_image(request, selectors.image_for_view(request.user, pk, image_id))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def image_add(request, pk: int):
    article = selectors.article_for_change(request.user, pk)
    form = ArticleImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.article_image_add(
                actor=request.user,
                article=article,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ServiceError as exc:
            form.add_error("image", exc.message)
        else:
            messages.success(request, _("The image is added."))
            return redirect("knowledge:manage_detail", pk=pk)
    return _manage_detail(request, pk, image_form=form, status=400)


@login_required
@require_POST
def image_remove(request, pk: int, image_id: int):
    article = selectors.article_for_change(request.user, pk)
    try:
        services.article_image_remove(actor=request.user, article=article, image_id=image_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The image is removed."))
    return redirect("knowledge:manage_detail", pk=pk)


@login_required
@require_POST
def article_transition(request, pk: int):
    article = selectors.article_for_change(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return redirect("knowledge:manage_detail", pk=pk)
    try:
        services.article_transition(
            actor=request.user,
            article=article,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect("knowledge:manage_detail", pk=pk)


# --- Emulation and awards ----------------------------------------------------------------------------------------


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else dt.date.today().year


@login_required
def emulation(request):
    year = _year(request)
    context = {
        "year": year,
        "years": sorted({year, *selectors.award_years(request.user)}, reverse=True),
        "movements": selectors.movements_for(request.user, year).order_by("-starts_on"),
        "decisions": selectors.decisions_for(request.user, year),
        "awards": selectors.awards_by_year(request.user, year),
        "can_keep": selectors.is_publisher(request.user),
    }
    return render(request, "knowledge/emulation.html", context)


def _require_publisher(user) -> None:
    require_area(user, KNOWLEDGE, CHANGE)
    if not selectors.is_publisher(user):
        raise PermissionDenied(
            _("Only the coordination office and the departments keep emulation and awards.")
        )


def _simple_form(request, form, title: str, submit: str, save):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(saved)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "knowledge/simple_form.html", {"form": form, "title": title, "submit": submit}, status=status
    )


@login_required
def movement_create(request):
    selectors.require_publisher(request.user)
    form = MovementForm(request.POST or None, user=request.user)

    def save(data):
        row = services.movement_save(actor=request.user, movement=None, data=data)
        return reverse("knowledge:movement_detail", args=[row.pk])

    return _simple_form(request, form, _("New emulation movement"), _("Save"), save)


@login_required
def movement_detail(request, pk: int, form=None, status: int = 200):
    movement = selectors.movement_for_view(request.user, pk)
    can_keep = selectors.keeps_emulation_of(request.user, movement.unit_id)
    if can_keep and form is None:
        form = ParticipantForm(movement=movement, initial={"registered_on": dt.date.today()})
    context = {"movement": movement, "form": form if can_keep else None}
    return render(request, "knowledge/movement_detail.html", context, status=status)


@login_required
@require_POST
def participant_add(request, pk: int):
    movement = selectors.movement_for_change(request.user, pk)
    form = ParticipantForm(request.POST, movement=movement)
    if form.is_valid():
        try:
            services.movement_participant_add(actor=request.user, movement=movement, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:movement_detail", pk=pk)
    return movement_detail(request, pk, form=form, status=400)


@login_required
def decision_create(request):
    selectors.require_publisher(request.user)
    form = DecisionForm(request.POST or None, user=request.user, initial={"decided_on": dt.date.today()})

    def save(data):
        row = services.award_decision_create(actor=request.user, data=data)
        return reverse("knowledge:decision_detail", args=[row.pk])

    return _simple_form(request, form, _("New award decision"), _("Save"), save)


@login_required
def decision_detail(request, pk: int, form=None, status: int = 200):
    decision = selectors.decision_for_view(request.user, pk)
    can_keep = selectors.keeps_emulation_of(request.user, decision.unit_id)
    if can_keep and form is None:
        form = AwardAddForm(decision=decision)
    context = {"decision": decision, "form": form if can_keep else None}
    return render(request, "knowledge/decision_detail.html", context, status=status)


@login_required
@require_POST
def award_add(request, pk: int):
    decision = selectors.decision_for_change(request.user, pk)
    form = AwardAddForm(request.POST, decision=decision)
    if form.is_valid():
        try:
            services.award_add(actor=request.user, decision=decision, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:decision_detail", pk=pk)
    return decision_detail(request, pk, form=form, status=400)


@login_required
def decision_word(request, pk: int):
    decision = selectors.decision_for_view(request.user, pk)
    return download(documents.decision_docx(decision), documents.decision_filename(decision), DOCX)
